use super::DriftIssue;
use super::ShapeChange;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a response field whose JSON type differs between the recording and
    /// the live answer (fixture↔live): `integer` became `string`, an object
    /// became an array. `null` on either side is not a change (nullability is
    /// the contract's business), nor is `integer` against `number`.
    ///
    /// ## Why it matters
    /// Clients parse by type. If the contract still has the old type,
    /// `drift-live-response-invalid` reports the live answer as well.
    ///
    /// ## Example
    /// `NumberOfEmployees` was recorded as `2350` and the sandbox now sends
    /// `"2350"`.
    RULE: Rule<DriftIssue> = ("drift-field-type-changed", Level::Warning, Family::Drift, check)
}

fn check(issue: &DriftIssue) -> Option<String> {
    match issue {
        DriftIssue::Shape(ShapeChange::TypeChanged {
            field,
            recorded,
            live,
            ..
        }) => Some(format!(
            "{field} is {live} in the live response, {recorded} in the recording"
        )),
        _ => None,
    }
}
