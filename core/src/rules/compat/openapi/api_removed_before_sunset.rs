use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::model::openapi::Removal;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an operation removed while its `x-sunset` date is still ahead.
    ///
    /// ## Why is it breaking?
    /// Clients were promised the operation until that date.
    ///
    /// ## Example
    /// base: `delete: {deprecated: true, x-sunset: 2099-01-31}` → revision: no
    /// `delete`.
    RULE: Rule<Change> = ("api-removed-before-sunset", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::OperationRemoved {
            path_removed: false,
            removal: Removal::BeforeSunset(date),
        } => {
            let op = change.operation.as_ref()?;
            Some(format!("`{op}` was removed before its sunset date {date}"))
        }
        _ => None,
    }
}
