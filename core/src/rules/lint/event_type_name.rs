use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an event type (its `type` property's `const`, else the subject's
    /// name) that is not `domain.entity.action` in lower case
    /// (`billing.invoice.issued`).
    ///
    /// ## Why it matters
    /// Type names are how consumers subscribe and route; one taxonomy lets a
    /// team subscribe to `billing.*` and know what it gets.
    ///
    /// ## Example
    /// `"type": {"const": "InvoiceIssued"}`.
    RULE: Rule<LintIssue> = ("event-type-name", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::EventTypeName { name } => Some(format!(
            "event type `{name}` is not `domain.entity.action` in lower case"
        )),
        _ => None,
    }
}
