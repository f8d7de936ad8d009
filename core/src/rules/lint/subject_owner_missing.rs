use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a subject of `accord.yaml` without an `owner`.
    ///
    /// ## Why it matters
    /// Every finding names the team that owns the contract; a contract without
    /// an owner is one whose breaking changes nobody is asked about.
    ///
    /// ## Example
    /// `invoice: {kind: schema, file: contracts/canonical/invoice.json}`.
    RULE: Rule<LintIssue> = ("subject-owner-missing", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::OwnerMissing { subject } => Some(format!("subject `{subject}` has no owner")),
        _ => None,
    }
}
