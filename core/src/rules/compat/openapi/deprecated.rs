use crate::diff::{Change, ChangeKind, Delta, OperationChange, ParameterChange};
use crate::model::date::Date;
use crate::rules::{Family, Hit, declare_rule};

use super::{describe, keyword};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Lists an operation, a parameter or a property newly marked `deprecated`
    /// (an operation or property with a valid `x-sunset` date is
    /// `…-deprecated-with-sunset`).
    ///
    /// ## Why it matters
    /// Clients should stop using it; nothing breaks yet. A changelog entry.
    ///
    /// ## Example
    /// base: `get: {…}` → revision: `get: {deprecated: true, …}`.
    RULE: Rule<Change> = ("deprecated", Family::OpenApi, check, [
        ("endpoint-deprecated", Level::Info),
        ("request-parameter-deprecated", Level::Info),
        ("request-property-deprecated", Level::Info),
        ("response-property-deprecated", Level::Info),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let dated = |sunset: &Option<String>| sunset.as_deref().and_then(Date::parse).is_some();
    match &change.kind {
        ChangeKind::Operation(OperationChange::Deprecated {
            now: true, sunset, ..
        }) if sunset.is_none() => Some(Hit::new(
            "endpoint-deprecated",
            format!("`{}` was deprecated", change.operation.as_ref()?),
        )),
        ChangeKind::Parameter {
            location,
            name,
            change: ParameterChange::Deprecated { now: true, .. },
        } => Some(Hit::new(
            "request-parameter-deprecated",
            format!("{location} parameter `{name}` was deprecated"),
        )),
        ChangeKind::Keyword(_) => {
            let (k, prefix) = keyword(change)?;
            match &k.delta {
                Delta::Deprecated {
                    now: true, sunset, ..
                } if !dated(sunset) && sunset.is_none() => Some(Hit::new(
                    format!("{prefix}-deprecated"),
                    format!("{} was deprecated", describe(change, &k.place)),
                )),
                _ => None,
            }
        }
        _ => None,
    }
}
