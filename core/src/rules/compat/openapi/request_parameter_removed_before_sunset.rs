use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::model::openapi::Removal;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a request parameter removed while its `x-sunset` date is ahead.
    ///
    /// ## Why is it breaking?
    /// Clients were promised the parameter until that date.
    ///
    /// ## Example
    /// base: `{in: query, name: status, deprecated: true, x-sunset: 2099-01-31}`
    /// → revision: no `status`.
    RULE: Rule<Change> = ("request-parameter-removed-before-sunset", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::ParameterRemoved {
            location,
            name,
            removal: Removal::BeforeSunset(date),
        } => Some(format!(
            "{location} parameter `{name}` was removed before its sunset date {date}"
        )),
        _ => None,
    }
}
