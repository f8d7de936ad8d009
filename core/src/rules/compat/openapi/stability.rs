use serde_json::Value;

use crate::diff::{Change, ChangeKind, Delta, KeywordChange, OperationChange};
use crate::rules::{Family, Hit, declare_rule};

use super::{describe, keyword};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Reads `x-stability-level` (`draft` < `alpha` < `beta` < `stable`): flags a
    /// value outside those four on an operation, and an operation or a request or
    /// response property whose stability decreased.
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
        ("request-property-stability-decreased", Level::Error),
        ("request-property-stability-increased", Level::Info),
        ("response-property-stability-decreased", Level::Error),
        ("response-property-stability-increased", Level::Info),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    if let Some((k, prefix)) = keyword(change) {
        return property(change, k, prefix);
    }
    let ChangeKind::Operation(OperationChange::Stability { before, after }) = &change.kind else {
        return None;
    };
    let op = change.operation.as_ref()?;
    let rank = |v: &Value| {
        ["draft", "alpha", "beta", "stable"]
            .iter()
            .position(|l| Some(*l) == v.as_str())
    };
    for value in [before, after].into_iter().flatten() {
        if rank(value).is_none() {
            return Some(Hit::new(
                "api-invalid-stability-level",
                format!(
                    "`{op}` has the stability level {value}, which is none of draft, alpha, beta, stable"
                ),
            ));
        }
    }
    let (b, a) = (
        before.as_ref().and_then(rank),
        after.as_ref().and_then(rank),
    );
    let shown = |v: &Option<Value>| {
        v.as_ref()
            .and_then(Value::as_str)
            .unwrap_or("unset")
            .to_owned()
    };
    match (b, a) {
        (Some(b), Some(a)) if a < b => Some(Hit::new(
            "api-stability-decreased",
            format!(
                "the stability of `{op}` decreased from {} to {}",
                shown(before),
                shown(after)
            ),
        )),
        (Some(b), Some(a)) if a > b => Some(Hit::new(
            "api-stability-increased",
            format!(
                "the stability of `{op}` increased from {} to {}",
                shown(before),
                shown(after)
            ),
        )),
        _ => None,
    }
}

/// A request or response property's stability, changed.
fn property(change: &Change, k: &KeywordChange, prefix: &str) -> Option<Hit> {
    let Delta::Stability { before, after } = &k.delta else {
        return None;
    };
    let rank = |v: &Option<String>| {
        ["draft", "alpha", "beta", "stable"]
            .iter()
            .position(|l| Some(*l) == v.as_deref())
    };
    let (b, a) = (rank(before)?, rank(after)?);
    let what = match a.cmp(&b) {
        std::cmp::Ordering::Less => "decreased",
        std::cmp::Ordering::Greater => "increased",
        std::cmp::Ordering::Equal => return None,
    };
    Some(Hit::new(
        format!("{prefix}-stability-{what}"),
        format!(
            "the stability of {} {what} from {} to {}",
            describe(change, &k.place),
            before.as_deref()?,
            after.as_deref()?
        ),
    ))
}
