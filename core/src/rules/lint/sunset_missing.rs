use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a deprecated operation, or a deprecated property of a component
    /// schema, without an `x-sunset` date.
    ///
    /// ## Why it matters
    /// Deprecation without a date is a wish: nobody plans the migration, and
    /// the removal, when it comes, breaks clients by surprise.
    ///
    /// ## Example
    /// `deprecated: true` on `GET /accounts/{id}/notes` with no
    /// `x-sunset: 2027-06-30`.
    RULE: Rule<LintIssue> = ("sunset-missing", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::SunsetMissing { what } => {
            Some(format!("{what} is deprecated without an `x-sunset` date"))
        }
        _ => None,
    }
}
