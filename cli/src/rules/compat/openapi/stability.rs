use serde_json::Value;

use crate::diff::{Change, ChangeKind, OperationChange};
use crate::rules::{Family, Hit, declare_rule};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Reads `x-stability-level` (`draft` < `alpha` < `beta` < `stable`): flags a
    /// value outside those four, and an operation whose stability decreased.
    ///
    /// ## Why is it breaking?
    /// Clients choose what to build on by its stability; lowering it takes back a
    /// promise. An unknown level cannot be judged at all.
    ///
    /// ## Example
    /// base: `x-stability-level: stable` → revision: `x-stability-level: beta`.
    RULE: Rule<Change> = ("stability", Family::OpenApi, check, [
        ("api-invalid-stability-level", Level::Error),
        ("api-stability-decreased", Level::Error),
        ("api-stability-increased", Level::Info),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let ChangeKind::Operation(OperationChange::Stability { before, after }) = &change.kind else {
        return None;
    };
    let op = change.operation.as_ref()?;
    let rank = |v: &Value| ["draft", "alpha", "beta", "stable"].iter().position(|l| Some(*l) == v.as_str());
    for value in [before, after].into_iter().flatten() {
        if rank(value).is_none() {
            return Some(Hit::new(
                "api-invalid-stability-level",
                format!("`{op}` has the stability level {value}, which is none of draft, alpha, beta, stable"),
            ));
        }
    }
    let (b, a) = (before.as_ref().and_then(rank), after.as_ref().and_then(rank));
    let shown = |v: &Option<Value>| v.as_ref().and_then(Value::as_str).unwrap_or("unset").to_owned();
    match (b, a) {
        (Some(b), Some(a)) if a < b => Some(Hit::new(
            "api-stability-decreased",
            format!("the stability of `{op}` decreased from {} to {}", shown(before), shown(after)),
        )),
        (Some(b), Some(a)) if a > b => Some(Hit::new(
            "api-stability-increased",
            format!("the stability of `{op}` increased from {} to {}", shown(before), shown(after)),
        )),
        _ => None,
    }
}
