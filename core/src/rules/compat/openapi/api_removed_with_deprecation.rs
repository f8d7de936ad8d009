use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::model::openapi::Removal;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Notes an operation removed after it was deprecated (with no sunset date,
    /// or one that has passed).
    ///
    /// ## Why it matters
    /// The orderly end of an operation's life, listed in the changelog.
    ///
    /// ## Example
    /// base: `delete: {deprecated: true}` → revision: no `delete`.
    RULE: Rule<Change> = ("api-removed-with-deprecation", Level::Info, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::OperationRemoved {
            path_removed: false,
            removal: Removal::AfterDeprecation,
        } => {
            let op = change.operation.as_ref()?;
            Some(format!("`{op}` was removed after its deprecation"))
        }
        _ => None,
    }
}
