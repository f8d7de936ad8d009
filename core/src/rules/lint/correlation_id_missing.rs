use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Where `accord.yaml` names a correlation header (`lint.correlation_id`),
    /// flags an operation whose request does not take it, or whose success
    /// responses do not return it.
    ///
    /// ## Why it matters
    /// A CRM-to-ERP sync crosses several systems; one id carried through all
    /// of them is how an incident is traced end to end.
    ///
    /// ## Example
    /// `GET /customers/{id}` without an `X-Correlation-Id` header parameter.
    RULE: Rule<LintIssue> = ("correlation-id-missing", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::CorrelationIdMissing {
            header,
            side: "request",
        } => Some(format!("the request does not take the `{header}` header")),
        LintIssue::CorrelationIdMissing { header, .. } => Some(format!(
            "the success responses do not return the `{header}` header"
        )),
        _ => None,
    }
}
