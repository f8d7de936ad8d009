use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an error response whose body is not `application/problem+json`
    /// (RFC 9457), or whose problem schema is written inline instead of a
    /// `$ref` to the one shared problem-details schema.
    ///
    /// ## Why it matters
    /// One error shape across every API lets sync jobs handle errors once:
    /// read `type`, `status`, `detail`, retry or not. Inline error shapes drift
    /// apart, one endpoint at a time.
    ///
    /// ## Example
    /// `'404': {content: {application/json: {schema: {type: object,
    /// properties: {error: {type: string}}}}}}`.
    RULE: Rule<LintIssue> = ("error-response-not-problem-details", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::ErrorNotProblemDetails { status, why } => Some(format!(
            "the `{status}` response is not the shared problem details: {why}"
        )),
        _ => None,
    }
}
