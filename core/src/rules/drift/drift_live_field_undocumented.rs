use super::DriftIssue;
use crate::findings::Level;
use crate::rules::fixture::Issue;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a field in a live response that the contract does not document
    /// (spec↔live). A tenant's custom fields (its system overlays) are
    /// documented for that tenant.
    ///
    /// ## Why it matters
    /// Undocumented fields are how drift starts: clients begin to rely on
    /// them, and nobody is told when they change.
    ///
    /// ## Example
    /// The sandbox's `GET /items/{id}` returns `legacyCode`, which the ERP
    /// contract does not have.
    RULE: Rule<DriftIssue> = ("drift-live-field-undocumented", Level::Warning, Family::Drift, check)
}

fn check(issue: &DriftIssue) -> Option<String> {
    match issue {
        DriftIssue::Live(Issue::Undocumented { status, field, .. }) => Some(format!(
            "live: the `{status}` response has `{field}`, which the contract does not document"
        )),
        _ => None,
    }
}
