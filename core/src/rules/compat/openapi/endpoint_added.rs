use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Notes an operation that the base did not have.
    ///
    /// ## Why it matters
    /// Additions break nobody, but they belong in the changelog, and a new
    /// operation is a new promise to keep.
    ///
    /// ## Example
    /// base: `/accounts: {get: …}` → revision: `/accounts: {get: …, post: …}`.
    RULE: Rule<Change> = ("endpoint-added", Level::Info, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::OperationAdded { .. } => {
            Some(format!("`{}` was added", change.operation.as_ref()?))
        }
        _ => None,
    }
}
