use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a templated path with the same shape as another one, its path
    /// parameters named differently: `/journals/{journalId}` beside
    /// `/journals/{journalNumber}`.
    ///
    /// ## Why it matters
    /// OpenAPI says templated paths with the same hierarchy but different
    /// templated names MUST NOT exist: a request for `/journals/42` matches
    /// both, and which one a server, a gateway or a generated client picks
    /// is up to each of them. Tools that match operations across versions
    /// (accord's diff among them) can only tell such paths apart by the
    /// parameter names, so a rename of one of them reads as a removal.
    ///
    /// ## Example
    /// `/journals/{journalId}` (a uuid) and `/journals/{journalNumber}` (an
    /// integer): one path with one parameter that takes either, or two
    /// paths that differ by a static segment
    /// (`/journals/by-number/{journalNumber}`).
    RULE: Rule<LintIssue> = ("path-ambiguous", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::PathAmbiguous { first } => Some(format!(
            "this path has the same shape as `{first}`, with its parameters named differently: a request matches both"
        )),
        _ => None,
    }
}
