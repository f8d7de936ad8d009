use crate::findings::Level;
use crate::rules::tenant::TenantIssue;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a tenant whose effective schema (the canonical object with the
    /// tenant's overlay merged in: its properties added, its `required`
    /// joined, its other keywords applied too) accepts a record the
    /// canonical schema rejects.
    ///
    /// ## Why it matters
    /// A tenant's records travel as canonical objects: every system that
    /// reads the canonical schema must accept them. An overlay may only
    /// narrow. The usual cause is a canonical object closed with
    /// `additionalProperties: false`, which leaves no room for a tenant's
    /// custom fields.
    ///
    /// ## Example
    /// `account` gains `"additionalProperties": false` while tenant `acme`
    /// adds `acme_region_code`: acme's accounts are no longer canonical.
    RULE: Rule<TenantIssue> = ("tenant-overlay-incompatible", Level::Error, Family::Tenant, check)
}

fn check(issue: &TenantIssue) -> Option<String> {
    match issue {
        TenantIssue::OverlayIncompatible { object, detail } => Some(format!(
            "with its overlay, `{object}` accepts records the canonical schema rejects: {detail}"
        )),
        _ => None,
    }
}
