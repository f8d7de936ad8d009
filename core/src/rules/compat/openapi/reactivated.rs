use crate::diff::{Change, ChangeKind, Delta, OperationChange, ParameterChange};
use crate::rules::{Family, Hit, declare_rule};

use super::{describe, keyword};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Lists an operation, a parameter or a property that is no longer
    /// deprecated.
    ///
    /// ## Why it matters
    /// Clients may keep using it. A changelog entry.
    ///
    /// ## Example
    /// base: `get: {deprecated: true, …}` → revision: `get: {…}`.
    RULE: Rule<Change> = ("reactivated", Family::OpenApi, check, [
        ("endpoint-reactivated", Level::Info),
        ("request-parameter-reactivated", Level::Info),
        ("request-property-reactivated", Level::Info),
        ("response-property-reactivated", Level::Info),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    match &change.kind {
        ChangeKind::Operation(OperationChange::Deprecated { now: false, .. }) => Some(Hit::new(
            "endpoint-reactivated",
            format!("`{}` is no longer deprecated", change.operation.as_ref()?),
        )),
        ChangeKind::Parameter {
            location,
            name,
            change: ParameterChange::Deprecated { now: false, .. },
        } => Some(Hit::new(
            "request-parameter-reactivated",
            format!("{location} parameter `{name}` is no longer deprecated"),
        )),
        ChangeKind::Keyword(_) => {
            let (k, prefix) = keyword(change)?;
            matches!(k.delta, Delta::Deprecated { now: false, .. }).then(|| {
                Hit::new(
                    format!("{prefix}-reactivated"),
                    format!("{} is no longer deprecated", describe(change, &k.place)),
                )
            })
        }
        _ => None,
    }
}
