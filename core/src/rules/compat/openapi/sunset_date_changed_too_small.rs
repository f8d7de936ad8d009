use crate::diff::{Change, ChangeKind, OperationChange, ParameterChange};
use crate::findings::Level;
use crate::model::date::Date;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Under a deprecation policy (`--deprecation-days-beta`,
    /// `--deprecation-days-stable`), flags the sunset date of a deprecated
    /// operation or parameter moved earlier, to a date sooner than the policy
    /// allows.
    ///
    /// ## Why is it breaking?
    /// Clients planned their migration by the old date; the policy promised them
    /// its notice period.
    ///
    /// ## Example
    /// With `--deprecation-days-stable 90`: `x-sunset: "2099-01-01"` →
    /// `x-sunset: "2026-01-02"`.
    RULE: Rule<Change> = ("sunset-date-changed-too-small", Family::OpenApi, check, [
        ("api-sunset-date-changed-too-small", Level::Error),
        ("request-parameter-sunset-date-changed-too-small", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let early = |before: &Option<String>,
                 after: &Option<String>,
                 min: &Option<Date>|
     -> Option<(Date, Date)> {
        let after = Date::parse(after.as_deref()?)?;
        let earlier = before
            .as_deref()
            .and_then(Date::parse)
            .is_none_or(|b| after < b);
        let min = (*min)?;
        (earlier && after < min).then_some((after, min))
    };
    let (id, what, (date, min)) = match &change.kind {
        ChangeKind::Operation(OperationChange::Sunset {
            before,
            after,
            min_sunset,
        }) => (
            "api-sunset-date-changed-too-small",
            format!("`{}`", change.operation.as_ref()?),
            early(before, after, min_sunset)?,
        ),
        ChangeKind::Parameter {
            location,
            name,
            change:
                ParameterChange::Sunset {
                    before,
                    after,
                    min_sunset,
                },
        } => (
            "request-parameter-sunset-date-changed-too-small",
            format!("{location} parameter `{name}`"),
            early(before, after, min_sunset)?,
        ),
        _ => return None,
    };
    Some(Hit::new(
        id,
        format!(
            "the sunset date of {what} was moved to {date}, before {min} as the deprecation policy requires"
        ),
    ))
}
