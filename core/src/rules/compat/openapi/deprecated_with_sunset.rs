use crate::diff::{Change, ChangeKind, Delta, OperationChange};
use crate::model::date::Date;
use crate::rules::{Family, Hit, declare_rule};

use super::{describe, keyword};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Lists an operation or a property newly marked `deprecated` with an
    /// `x-sunset` date.
    ///
    /// ## Why it matters
    /// Clients should stop using it before the sunset date, after which it may
    /// be removed.
    ///
    /// ## Example
    /// base: `get: {…}` → revision: `get: {deprecated: true, x-sunset: "2027-01-01", …}`.
    RULE: Rule<Change> = ("deprecated-with-sunset", Family::OpenApi, check, [
        ("endpoint-deprecated-with-sunset", Level::Info),
        ("request-property-deprecated-with-sunset", Level::Info),
        ("response-property-deprecated-with-sunset", Level::Info),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let date = |sunset: &Option<String>| sunset.as_deref().and_then(Date::parse);
    match &change.kind {
        ChangeKind::Operation(OperationChange::Deprecated {
            now: true, sunset, ..
        }) => {
            let date = date(sunset)?;
            Some(Hit::new(
                "endpoint-deprecated-with-sunset",
                format!(
                    "`{}` was deprecated, with sunset date {date}",
                    change.operation.as_ref()?
                ),
            ))
        }
        ChangeKind::Keyword(_) => {
            let (k, prefix) = keyword(change)?;
            match &k.delta {
                Delta::Deprecated {
                    now: true, sunset, ..
                } => {
                    let date = date(sunset)?;
                    Some(Hit::new(
                        format!("{prefix}-deprecated-with-sunset"),
                        format!(
                            "{} was deprecated, with sunset date {date}",
                            describe(change, &k.place)
                        ),
                    ))
                }
                _ => None,
            }
        }
        _ => None,
    }
}
