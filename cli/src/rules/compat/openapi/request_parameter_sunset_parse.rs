use crate::diff::{Change, ChangeKind};
use crate::model::openapi::Removal;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a removed, deprecated request parameter whose `x-sunset` is not a
    /// date (`YYYY-MM-DD` or RFC 3339).
    ///
    /// ## Why is it breaking?
    /// Without a readable date nobody can tell whether the promised notice was
    /// given.
    ///
    /// ## Example
    /// base: `{in: query, name: status, deprecated: true, x-sunset: soon}` →
    /// revision: no `status`.
    RULE: Rule<Change> = ("request-parameter-sunset-parse", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::ParameterRemoved { location, name, removal: Removal::InvalidSunset(text) } => {
            Some(format!("{location} parameter `{name}` was removed, and its sunset date `{text}` is not a date"))
        }
        _ => None,
    }
}
