use super::DriftIssue;
use crate::findings::Level;
use crate::rules::fixture::Issue;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a live response without a header the contract marks required
    /// (spec↔live).
    ///
    /// ## Why it matters
    /// Clients read required headers (a correlation id, a rate-limit counter)
    /// without checking that they are there.
    ///
    /// ## Example
    /// The contract requires `X-Correlation-Id` on `200`; the sandbox stopped
    /// sending it.
    RULE: Rule<DriftIssue> = ("drift-live-header-missing", Level::Error, Family::Drift, check)
}

fn check(issue: &DriftIssue) -> Option<String> {
    match issue {
        DriftIssue::Live(Issue::HeaderMissing { status, header }) => Some(format!(
            "live: the `{status}` response lacks the required header `{header}`"
        )),
        _ => None,
    }
}
