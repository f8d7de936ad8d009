use super::DriftIssue;
use crate::findings::Level;
use crate::rules::fixture::Issue;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a live response whose status the contract does not declare for
    /// the operation (no exact code, no range such as `4XX`, no `default`).
    ///
    /// ## Why it matters
    /// Clients branch on declared statuses; an undeclared one falls through
    /// their error handling.
    ///
    /// ## Example
    /// The sandbox answers `GET /accounts/{accountId}` with `410`, which the
    /// contract does not list.
    RULE: Rule<DriftIssue> = ("drift-live-status-undeclared", Level::Error, Family::Drift, check)
}

fn check(issue: &DriftIssue) -> Option<String> {
    match issue {
        DriftIssue::Live(Issue::StatusUndeclared { status, declared }) => Some(format!(
            "live: the contract declares no `{status}` response (it declares {})",
            declared.join(", ")
        )),
        _ => None,
    }
}
