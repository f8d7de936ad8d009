use super::DriftIssue;
use super::ShapeChange;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a response field the live system returns that the recording does
    /// not have (fixture↔live; compared by structure, never by value). Fields
    /// whose presence follows the data (ids, timestamps, etags, cursors) are
    /// not compared.
    ///
    /// ## Why it matters
    /// The API grew since the recording. It breaks nobody by itself (the
    /// contract check reports it if it is undocumented), but the recording is
    /// out of date: `accord record --review` shows what a new one would hold.
    ///
    /// ## Example
    /// The live `GET /accounts/{accountId}` now returns `Rating`.
    RULE: Rule<DriftIssue> = ("drift-field-added", Level::Info, Family::Drift, check)
}

fn check(issue: &DriftIssue) -> Option<String> {
    match issue {
        DriftIssue::Shape(ShapeChange::Added { field, .. }) => Some(format!(
            "the live response has `{field}`, which the recording does not"
        )),
        _ => None,
    }
}
