use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// On APIs that `accord.yaml` marks rate-limited (`lint.rate_limited:
    /// true`), flags an operation without a `429` response, or whose `429`
    /// lacks the `Retry-After` header.
    ///
    /// ## Why it matters
    /// Clients back off by `Retry-After`; a rate limit that is not in the
    /// contract is met in production, as an outage.
    ///
    /// ## Example
    /// `GET /accounts` with `200` and `401` only.
    RULE: Rule<LintIssue> = ("rate-limit-undocumented", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::RateLimitUndocumented { missing } => {
            Some(format!("the operation lacks {missing}"))
        }
        _ => None,
    }
}
