use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::model::openapi::Removal;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags each operation of a path that the revision no longer has, when the
    /// operation was not deprecated in the base.
    ///
    /// ## Why is it breaking?
    /// Clients calling the path get `404` with no warning: nothing in the
    /// contract told them to move away first.
    ///
    /// ## Example
    /// base: `paths: {/accounts/{id}: {get: …}}` → revision: the path is gone.
    /// Deprecate it first (`deprecated: true`, with an `x-sunset` date), and
    /// remove it after the sunset.
    RULE: Rule<Change> = ("api-path-removed-without-deprecation", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::OperationRemoved {
            path_removed: true,
            removal: Removal::WithoutDeprecation,
        } => {
            let op = change.operation.as_ref()?;
            Some(format!(
                "path `{}` was removed without deprecation, and `{op}` with it",
                op.path
            ))
        }
        _ => None,
    }
}
