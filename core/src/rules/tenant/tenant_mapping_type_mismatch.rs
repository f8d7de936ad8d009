use crate::findings::Level;
use crate::rules::tenant::TenantIssue;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a field mapping whose two fields share no JSON type (`null`
    /// aside; `integer` counts as a `number`): a canonical `string` mapped to
    /// a system `object`, a `number` to a `boolean`.
    ///
    /// ## Why is it breaking?
    /// No value read from one side can be written to the other unchanged:
    /// the sync job fails on every record, or converts silently and loses
    /// data. Fields with no declared type are not judged.
    ///
    /// ## Example
    /// acme maps `account.annual_revenue` (a Money object) to
    /// `AnnualRevenue`, which the CRM API changes from an object to a
    /// `number`.
    RULE: Rule<TenantIssue> = ("tenant-mapping-type-mismatch", Level::Error, Family::Tenant, check)
}

fn check(issue: &TenantIssue) -> Option<String> {
    match issue {
        TenantIssue::TypeMismatch {
            system,
            object,
            canonical,
            canonical_types,
            field,
            system_types,
        } => Some(format!(
            "the {system} mapping of `{object}` maps `{canonical}` ({}) to `{field}` ({}): no type in common",
            canonical_types.join(" | "),
            system_types.join(" | ")
        )),
        _ => None,
    }
}
