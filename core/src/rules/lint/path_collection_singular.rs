use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a collection segment in singular: a static segment followed by a
    /// parameter names a collection (`/accounts/{id}`), so it is plural.
    ///
    /// ## Why it matters
    /// `/account/{id}` beside `/contacts/{id}` makes clients guess; plural
    /// collections are the convention every REST guideline shares.
    ///
    /// ## Example
    /// `/account/{accountId}`.
    RULE: Rule<LintIssue> = ("path-collection-singular", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::PathCollectionSingular { segment } => Some(format!(
            "collection `{segment}` is singular (it is followed by an id: use the plural)"
        )),
        _ => None,
    }
}
