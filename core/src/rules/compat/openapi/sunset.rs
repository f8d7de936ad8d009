use crate::diff::{Change, ChangeKind, OperationChange, ParameterChange};
use crate::findings::Level;
use crate::model::date::Date;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags the `x-sunset` date of a deprecated operation or parameter deleted,
    /// and an operation deprecated with a sunset that is not a date (YYYY-MM-DD
    /// or RFC 3339).
    ///
    /// ## Why is it breaking?
    /// The sunset date is the promise clients plan their migration by: deleting
    /// it, or making it unreadable, leaves them without one. (A sunset changed to
    /// or from something unreadable is `api-path-sunset-parse` and
    /// `request-parameter-sunset-parse`.)
    ///
    /// ## Example
    /// base: `deprecated: true, x-sunset: "2027-01-01"` → revision:
    /// `deprecated: true`.
    RULE: Rule<Change> = ("sunset", Family::OpenApi, check, [
        ("api-deprecated-sunset-parse", Level::Error),
        ("request-parameter-sunset-deleted", Level::Error),
        ("sunset-deleted", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let invalid = |s: &Option<String>| s.as_deref().is_some_and(|s| Date::parse(s).is_none());
    match &change.kind {
        ChangeKind::Operation(OperationChange::Deprecated {
            now: true, sunset, ..
        }) if invalid(sunset) => Some(Hit::new(
            "api-deprecated-sunset-parse",
            format!(
                "`{}` was deprecated with the sunset `{}`, which is not a date",
                change.operation.as_ref()?,
                sunset.as_deref()?
            ),
        )),
        ChangeKind::Operation(OperationChange::Sunset { after: None, .. }) => Some(Hit::new(
            "sunset-deleted",
            format!(
                "the sunset date of deprecated `{}` was deleted",
                change.operation.as_ref()?
            ),
        )),
        ChangeKind::Parameter {
            location,
            name,
            change: ParameterChange::Sunset { after: None, .. },
        } => Some(Hit::new(
            "request-parameter-sunset-deleted",
            format!("the sunset date of deprecated {location} parameter `{name}` was deleted"),
        )),
        _ => None,
    }
}
