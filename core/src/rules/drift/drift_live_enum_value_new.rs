use super::DriftIssue;
use crate::findings::Level;
use crate::rules::fixture::Issue;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a value in a live response that the contract's `enum` (or `const`)
    /// does not list (spec↔live).
    ///
    /// ## Why it matters
    /// Clients map enumerations exhaustively: a status the sync job does not
    /// know stops it or, worse, maps to a default. The vendor added the value;
    /// the contract (and every consumer) must learn it.
    ///
    /// ## Example
    /// The contract lists `Status: [Active, Inactive]`; the sandbox returns
    /// `Suspended`.
    RULE: Rule<DriftIssue> = ("drift-live-enum-value-new", Level::Error, Family::Drift, check)
}

fn check(issue: &DriftIssue) -> Option<String> {
    match issue {
        DriftIssue::Live(Issue::ResponseInvalid {
            detail,
            keyword: "enum" | "const",
            ..
        }) => Some(format!("live: {detail}")),
        _ => None,
    }
}
