use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a schema of a system API or event that shares most of its fields
    /// (80% of the smaller one, at least three, names compared without case or
    /// separators) with a canonical object of the registry, yet does not `$ref`
    /// it: a near-duplicate, named with the canonical subject it copies.
    ///
    /// ## Why it matters
    /// A copied canonical object drifts: the canonical one gains a field, a
    /// constraint, a personal-data marking, and the copy does not. `$ref` it
    /// (with `allOf` to add system-specific fields).
    ///
    /// ## Example
    /// An ERP `Customer` schema with `id`, `name`, `email`, `status` and
    /// `updated_at` beside the canonical `account` with the same fields.
    RULE: Rule<LintIssue> = ("canonical-schema-redefined", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::CanonicalRedefined {
            schema,
            canonical,
            shared,
        } => Some(format!(
            "schema `{schema}` redefines the canonical `{canonical}` ({shared} fields in common) instead of `$ref`ing it"
        )),
        _ => None,
    }
}
