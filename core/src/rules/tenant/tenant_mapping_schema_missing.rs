use crate::findings::Level;
use crate::rules::tenant::TenantIssue;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a mapping whose system is not in `accord.yaml`, or whose
    /// `schema` (`contracts/apis/crm.yaml#/components/schemas/Account`) does
    /// not name a schema of that system's contract.
    ///
    /// ## Why is it breaking?
    /// Nothing of the mapping can be checked, and the sync job reads a
    /// record shape that is not there: an API release that renames or drops
    /// a schema breaks every tenant mapping onto it, and this names them.
    ///
    /// ## Example
    /// The ERP API renames `Customer` to `CustomerRecord`; globex's
    /// mapping still names `#/components/schemas/Customer`.
    RULE: Rule<TenantIssue> = ("tenant-mapping-schema-missing", Level::Error, Family::Tenant, check)
}

fn check(issue: &TenantIssue) -> Option<String> {
    match issue {
        TenantIssue::SchemaMissing {
            system,
            object,
            schema,
            why,
        } => Some(format!(
            "the {system} mapping of `{object}` names `{schema}`: {why}"
        )),
        _ => None,
    }
}
