use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a path segment that is not lower-case kebab-case (`sales-orders`,
    /// not `salesOrders` or `Sales_Orders`). Parameters and version segments
    /// (`v2`) are left alone.
    ///
    /// ## Why it matters
    /// URLs are case-sensitive; one convention across the APIs of a company
    /// spares every client the guessing. A system whose vendor dictates another
    /// case is an exception in `accord.yaml`.
    ///
    /// ## Example
    /// `/SalesOrders/{id}`, `/sales_orders`.
    RULE: Rule<LintIssue> = ("path-segment-case", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::PathSegmentCase { segment } => Some(format!(
            "path segment `{segment}` is not lower-case kebab-case"
        )),
        _ => None,
    }
}
