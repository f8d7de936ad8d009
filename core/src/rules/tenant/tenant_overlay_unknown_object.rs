use crate::findings::Level;
use crate::rules::tenant::TenantIssue;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an overlay or mapping on an object that is not a canonical
    /// subject of `accord.yaml` (a `schema` subject of that name).
    ///
    /// ## Why it matters
    /// Nothing checks an overlay on an object nobody defines: a typo, or a
    /// canonical object renamed or retired, leaves the tenant's custom
    /// fields unchecked and its mapping pointing at nothing.
    ///
    /// ## Example
    /// `overlays: {acount: …}` where the subject is `account`.
    RULE: Rule<TenantIssue> = ("tenant-overlay-unknown-object", Level::Error, Family::Tenant, check)
}

fn check(issue: &TenantIssue) -> Option<String> {
    match issue {
        TenantIssue::UnknownObject { object } => Some(format!(
            "`{object}` is not a canonical object (a `schema` subject in accord.yaml)"
        )),
        _ => None,
    }
}
