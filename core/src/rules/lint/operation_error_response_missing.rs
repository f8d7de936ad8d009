use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an operation that documents no error response (`4XX`, `5XX` or
    /// `default`).
    ///
    /// ## Why it matters
    /// Integration code handles errors by status; an operation that seems to
    /// never fail is one whose failures nobody designed for.
    ///
    /// ## Example
    /// `responses: {'200': …}` only.
    RULE: Rule<LintIssue> = ("operation-error-response-missing", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::ErrorResponseMissing => {
            Some("the operation documents no error response (`4XX`, `5XX` or `default`)".to_owned())
        }
        _ => None,
    }
}
