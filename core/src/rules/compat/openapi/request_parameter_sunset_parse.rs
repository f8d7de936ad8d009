use crate::diff::{Change, ChangeKind, ParameterChange};
use crate::findings::Level;
use crate::model::date::Date;
use crate::model::openapi::Removal;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a deprecated request parameter whose `x-sunset` is not a date
    /// (`YYYY-MM-DD` or RFC 3339): deprecated so, its sunset changed to or
    /// from such a value, or removed with one.
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
    let invalid = |s: &Option<String>| s.as_deref().is_some_and(|s| Date::parse(s).is_none());
    match &change.kind {
        ChangeKind::ParameterRemoved {
            location,
            name,
            removal: Removal::InvalidSunset(text),
        } => Some(format!(
            "{location} parameter `{name}` was removed, and its sunset date `{text}` is not a date"
        )),
        ChangeKind::Parameter {
            location,
            name,
            change:
                ParameterChange::Deprecated {
                    now: true, sunset, ..
                },
        } if invalid(sunset) => Some(format!(
            "{location} parameter `{name}` was deprecated with the sunset `{}`, which is not a date",
            sunset.as_deref()?
        )),
        ChangeKind::Parameter {
            location,
            name,
            change: ParameterChange::Sunset { before, after, .. },
        } if invalid(before) || invalid(after) => Some(format!(
            "the sunset of deprecated {location} parameter `{name}` changed from `{}` to `{}`: one of them is not a date",
            before.as_deref().unwrap_or("none"),
            after.as_deref().unwrap_or("none")
        )),
        _ => None,
    }
}
