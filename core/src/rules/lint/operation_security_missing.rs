use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an operation without a security requirement: none of its own and
    /// none global, or an explicit `security: []` (public).
    ///
    /// ## Why it matters
    /// An endpoint without security is public: in a multi-tenant integration
    /// that means data of every tenant to anyone who finds the URL. A truly
    /// public endpoint (a health check) is listed as an exception in
    /// `accord.yaml`, with its reason.
    ///
    /// ## Example
    /// A contract with no top-level `security` and an operation without its own.
    RULE: Rule<LintIssue> = ("operation-security-missing", Level::Error, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::SecurityMissing {
            explicitly_public: true,
        } => Some("the operation is declared public (`security: []`)".to_owned()),
        LintIssue::SecurityMissing {
            explicitly_public: false,
        } => Some(
            "the operation has no security requirement (none of its own, none global)".to_owned(),
        ),
        _ => None,
    }
}
