use crate::diff::{Change, ChangeKind, Delta, OperationChange, ParameterChange};
use crate::model::date::Date;
use crate::rules::{Family, Hit, declare_rule};

use super::{describe, keyword};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Under a deprecation policy (`--deprecation-days-beta`,
    /// `--deprecation-days-stable`), flags an operation, a parameter or a
    /// property deprecated with a sunset date sooner than the policy allows.
    ///
    /// ## Why is it breaking?
    /// Clients were promised the policy's notice period before anything they use
    /// goes away.
    ///
    /// ## Example
    /// With `--deprecation-days-stable 90`, deprecated on 2026-01-01 with
    /// `x-sunset: "2026-02-01"`.
    RULE: Rule<Change> = ("sunset-date-too-small", Family::OpenApi, check, [
        ("api-sunset-date-too-small", Level::Error),
        ("request-parameter-sunset-date-too-small", Level::Error),
        ("request-property-sunset-date-too-small", Level::Error),
        ("response-property-sunset-date-too-small", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let early = |sunset: &Option<String>, min: &Option<Date>| -> Option<(Date, Date)> {
        let date = Date::parse(sunset.as_deref()?)?;
        let min = (*min)?;
        (date < min).then_some((date, min))
    };
    let (id, what, (date, min)) = match &change.kind {
        ChangeKind::Operation(OperationChange::Deprecated {
            now: true,
            sunset,
            min_sunset,
        }) => (
            "api-sunset-date-too-small".to_owned(),
            format!("`{}`", change.operation.as_ref()?),
            early(sunset, min_sunset)?,
        ),
        ChangeKind::Parameter {
            location,
            name,
            change:
                ParameterChange::Deprecated {
                    now: true,
                    sunset,
                    min_sunset,
                },
        } => (
            "request-parameter-sunset-date-too-small".to_owned(),
            format!("{location} parameter `{name}`"),
            early(sunset, min_sunset)?,
        ),
        ChangeKind::Keyword(_) => {
            let (k, prefix) = keyword(change)?;
            let Delta::Deprecated {
                now: true,
                sunset,
                min_sunset,
            } = &k.delta
            else {
                return None;
            };
            (
                format!("{prefix}-sunset-date-too-small"),
                describe(change, &k.place),
                early(sunset, min_sunset)?,
            )
        }
        _ => return None,
    };
    Some(Hit::new(
        id,
        format!(
            "{what} was deprecated with the sunset date {date}, before {min} as the deprecation policy requires"
        ),
    ))
}
