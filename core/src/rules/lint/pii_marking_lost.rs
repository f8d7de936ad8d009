use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a property of a system API or event, named as a field that a
    /// canonical object marks as personal data (`x-pii: true`), that does not
    /// carry the marking itself.
    ///
    /// ## Why it matters
    /// Redaction, retention and data-subject requests follow the marking. A
    /// phone number that loses it on the way into another contract is logged,
    /// exported and kept as if it were not personal data.
    ///
    /// ## Example
    /// The canonical `contact` marks `email` with `x-pii: true`; the CRM's
    /// `Contact.Email` has no marking.
    RULE: Rule<LintIssue> = ("pii-marking-lost", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::PiiMarkingLost {
            property,
            canonical,
        } => Some(format!(
            "`{property}` is personal data in the canonical `{canonical}` but is not marked `x-pii` here"
        )),
        _ => None,
    }
}
