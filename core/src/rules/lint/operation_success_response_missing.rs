use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an operation that documents no success response (`2XX` or `3XX`).
    ///
    /// ## Why it matters
    /// A client cannot know what a working call returns; mocks built from the
    /// contract have nothing to serve.
    ///
    /// ## Example
    /// `responses: {'400': …, '404': …}` and nothing else.
    RULE: Rule<LintIssue> = ("operation-success-response-missing", Level::Error, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::SuccessResponseMissing => {
            Some("the operation documents no success (`2XX`) response".to_owned())
        }
        _ => None,
    }
}
