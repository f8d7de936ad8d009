use crate::findings::Level;
use crate::rules::tenant::TenantIssue;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a tenant overlay that defines a property the canonical object
    /// already has: `overlays.account.properties.name` when the canonical
    /// `account` has `name`.
    ///
    /// ## Why it matters
    /// An overlay adds a tenant's custom fields and tightens rules; it may
    /// not redefine a canonical field, or one tenant's `name` stops meaning
    /// what every other system reads. It also catches a canonical release
    /// that adds a field a tenant already had under the same name: the two
    /// must be reconciled before the release.
    ///
    /// ## Example
    /// Tenant `acme` has the custom field `region`; the canonical `account`
    /// 1.3.0 adds `region` too. Rename the custom field (`acme_region`) or
    /// drop it in favour of the canonical one.
    RULE: Rule<TenantIssue> = ("tenant-overlay-redefines-field", Level::Error, Family::Tenant, check)
}

fn check(issue: &TenantIssue) -> Option<String> {
    match issue {
        TenantIssue::RedefinesField { object, field } => Some(format!(
            "the overlay on `{object}` redefines the canonical field `{field}`"
        )),
        _ => None,
    }
}
