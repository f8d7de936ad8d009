use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an `info.version` that is not a semantic version (`1.4.0`,
    /// `2.0.0-beta.1`).
    ///
    /// ## Why it matters
    /// The registry versions contracts by semver and checks that breaking
    /// changes bump the major version; a version like `2024-06` or `v1` says
    /// nothing about compatibility.
    ///
    /// ## Example
    /// `info: {version: v2}`.
    RULE: Rule<LintIssue> = ("info-version-not-semver", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::InfoVersionNotSemver { version } if version.is_empty() => {
            Some("`info.version` is missing".to_owned())
        }
        LintIssue::InfoVersionNotSemver { version } => Some(format!(
            "`info.version` `{version}` is not a semantic version (MAJOR.MINOR.PATCH)"
        )),
        _ => None,
    }
}
