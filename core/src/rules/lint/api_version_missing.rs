use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Where `accord.yaml` says where the API's version is (`lint.api_version`:
    /// `{path: true}` or `{header: NAME}`), flags a path without a `/v1`
    /// segment (when the server URL has none either), or an operation that does
    /// not take the version header.
    ///
    /// ## Why it matters
    /// A version in every call is what lets a provider run two major versions
    /// side by side while clients migrate; without it, the next breaking change
    /// breaks everyone at once.
    ///
    /// ## Example
    /// `lint: {api_version: {path: true}}`, servers `https://api.example.com`,
    /// and the path `/accounts`.
    RULE: Rule<LintIssue> = ("api-version-missing", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::ApiVersionMissing { how } => Some(format!("the API version is not in {how}")),
        _ => None,
    }
}
