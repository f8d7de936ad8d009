use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::model::openapi::Removal;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Notes each operation of a removed path that was deprecated in the base,
    /// with no sunset date or one that has passed.
    ///
    /// ## Why it matters
    /// This is the orderly way to retire an API; it is listed in the changelog
    /// so that reviewers see the removal happen.
    ///
    /// ## Example
    /// base: `get: {deprecated: true, x-sunset: 2024-01-31}` → revision: the path
    /// is gone (after 2024-01-31).
    RULE: Rule<Change> = ("api-path-removed-with-deprecation", Level::Info, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::OperationRemoved {
            path_removed: true,
            removal: Removal::AfterDeprecation,
        } => {
            let op = change.operation.as_ref()?;
            Some(format!(
                "path `{}` was removed after its deprecation, and `{op}` with it",
                op.path
            ))
        }
        _ => None,
    }
}
