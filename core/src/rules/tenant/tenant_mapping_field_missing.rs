use crate::findings::Level;
use crate::rules::tenant::{Side, TenantIssue};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a field mapping whose canonical field is not in the tenant's
    /// effective canonical schema, or whose system field is not in the
    /// system's API schema (with the tenant's custom fields on that system).
    /// Dotted paths go through nested objects and into array items.
    ///
    /// ## Why is it breaking?
    /// The sync job reads one side and writes the other: a field that is not
    /// there is data silently dropped, or a write the system rejects. It is
    /// how a canonical or API release that removes or renames a field shows
    /// which tenants it breaks.
    ///
    /// ## Example
    /// acme maps `account.phone → Phone`; the CRM API renames `Phone` to
    /// `PhoneNumber`.
    RULE: Rule<TenantIssue> = ("tenant-mapping-field-missing", Level::Error, Family::Tenant, check)
}

fn check(issue: &TenantIssue) -> Option<String> {
    match issue {
        TenantIssue::FieldMissing {
            system,
            object,
            side: Side::Canonical,
            field,
            ..
        } => Some(format!(
            "the {system} mapping of `{object}` names `{field}`, which the canonical `{object}` does not have"
        )),
        TenantIssue::FieldMissing {
            system,
            object,
            side: Side::System,
            field,
            schema,
        } => Some(format!(
            "the {system} mapping of `{object}` names `{field}`, which {schema} does not have"
        )),
        _ => None,
    }
}
