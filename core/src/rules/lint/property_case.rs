use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Where `accord.yaml` sets `lint.property_case` (`camelCase`,
    /// `snake_case` or `PascalCase`), flags a component schema property named
    /// in another case. Names that start with `_`, `$` or `@` are left alone.
    ///
    /// ## Why it matters
    /// One case across the contracts spares every mapping a translation table;
    /// a mix (`customerId` beside `customer_id`) is how fields get mapped twice
    /// or not at all.
    ///
    /// ## Example
    /// `lint: {property_case: snake_case}` and a property `customerId`.
    RULE: Rule<LintIssue> = ("property-case", Level::Info, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::PropertyCase { property, case } => {
            Some(format!("property `{property}` is not {case}"))
        }
        _ => None,
    }
}
