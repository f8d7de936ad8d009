use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::model::openapi::Removal;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an operation removed from a path that still exists, when the
    /// operation was not deprecated in the base.
    ///
    /// ## Why is it breaking?
    /// Clients using the method get `405` or `404` with no warning.
    ///
    /// ## Example
    /// base: `/accounts/{id}: {get: …, delete: …}` → revision:
    /// `/accounts/{id}: {get: …}`.
    RULE: Rule<Change> = ("api-removed-without-deprecation", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::OperationRemoved {
            path_removed: false,
            removal: Removal::WithoutDeprecation,
        } => {
            let op = change.operation.as_ref()?;
            Some(format!("`{op}` was removed without deprecation"))
        }
        _ => None,
    }
}
