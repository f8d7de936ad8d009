use crate::diff::{Change, ChangeKind, Delta, OperationChange, ParameterChange};
use crate::rules::{Family, Hit, declare_rule};

use super::{describe, keyword};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Under a deprecation policy (`--deprecation-days-beta`,
    /// `--deprecation-days-stable`), flags an operation, a parameter or a
    /// property deprecated without an `x-sunset` date. `draft` and `alpha`
    /// operations have no policy.
    ///
    /// ## Why is it breaking?
    /// The policy promises clients a notice period; a deprecation without a
    /// sunset date does not say when it ends.
    ///
    /// ## Example
    /// With `--deprecation-days-stable 90`: base `get: {…}` → revision
    /// `get: {deprecated: true, …}`.
    RULE: Rule<Change> = ("deprecated-sunset-missing", Family::OpenApi, check, [
        ("api-deprecated-sunset-missing", Level::Error),
        ("request-parameter-deprecated-sunset-missing", Level::Error),
        ("request-property-deprecated-sunset-missing", Level::Error),
        ("response-property-deprecated-sunset-missing", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    match &change.kind {
        ChangeKind::Operation(OperationChange::Deprecated {
            now: true,
            sunset: None,
            min_sunset: Some(_),
        }) => Some(Hit::new(
            "api-deprecated-sunset-missing",
            format!(
                "`{}` was deprecated without a sunset date",
                change.operation.as_ref()?
            ),
        )),
        ChangeKind::Parameter {
            location,
            name,
            change:
                ParameterChange::Deprecated {
                    now: true,
                    sunset: None,
                    min_sunset: Some(_),
                },
        } => Some(Hit::new(
            "request-parameter-deprecated-sunset-missing",
            format!("{location} parameter `{name}` was deprecated without a sunset date"),
        )),
        ChangeKind::Keyword(_) => {
            let (k, prefix) = keyword(change)?;
            matches!(
                k.delta,
                Delta::Deprecated {
                    now: true,
                    sunset: None,
                    min_sunset: Some(_)
                }
            )
            .then(|| {
                Hit::new(
                    format!("{prefix}-deprecated-sunset-missing"),
                    format!(
                        "{} was deprecated without a sunset date",
                        describe(change, &k.place)
                    ),
                )
            })
        }
        _ => None,
    }
}
