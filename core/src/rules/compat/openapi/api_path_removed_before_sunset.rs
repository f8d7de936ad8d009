use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::model::openapi::Removal;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags each operation of a removed path that was deprecated with an
    /// `x-sunset` date still in the future.
    ///
    /// ## Why is it breaking?
    /// Clients were promised the operation until the sunset date and planned
    /// their migration around it.
    ///
    /// ## Example
    /// base: `get: {deprecated: true, x-sunset: 2099-01-31}` → revision: the path
    /// is gone today.
    RULE: Rule<Change> = ("api-path-removed-before-sunset", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::OperationRemoved {
            path_removed: true,
            removal: Removal::BeforeSunset(date),
        } => {
            let op = change.operation.as_ref()?;
            Some(format!(
                "path `{}` was removed before its sunset date {date}, and `{op}` with it",
                op.path
            ))
        }
        _ => None,
    }
}
