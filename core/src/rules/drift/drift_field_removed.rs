use super::DriftIssue;
use super::ShapeChange;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a response field the recording has and the live system no longer
    /// returns (fixture↔live; array elements are merged, so an optional field
    /// of some records is not a removal; ids, timestamps, etags and cursors
    /// are not compared).
    ///
    /// ## Why it matters
    /// A client that reads the field gets nothing. If the contract requires the
    /// field, `drift-live-response-invalid` says so too; if it is optional, the
    /// contract allows the change, but the sync job that relied on it does not.
    ///
    /// ## Example
    /// The recording of `GET /customers/{id}` has `terms`; the sandbox answers
    /// without it.
    RULE: Rule<DriftIssue> = ("drift-field-removed", Level::Warning, Family::Drift, check)
}

fn check(issue: &DriftIssue) -> Option<String> {
    match issue {
        DriftIssue::Shape(ShapeChange::Removed { field, .. }) => Some(format!(
            "the live response no longer has `{field}`, which the recording has"
        )),
        _ => None,
    }
}
