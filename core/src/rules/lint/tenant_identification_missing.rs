use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Where `accord.yaml` says how operations identify their tenant
    /// (`lint.tenant`: a `header`, a `path_parameter`, or a token `claim`),
    /// flags an operation that does not: no such header parameter, no such path
    /// parameter, or no bearer/OAuth security for the claim to travel in.
    ///
    /// ## Why it matters
    /// In a multi-tenant integration every call must say whose data it is
    /// about; an operation that does not is one that serves the wrong tenant's
    /// records, or all of them. A truly global operation is an exception in
    /// `accord.yaml`, with its reason.
    ///
    /// ## Example
    /// `lint: {tenant: {header: X-Tenant-Id}}` and `GET /invoices/{id}` without
    /// the `X-Tenant-Id` header parameter.
    RULE: Rule<LintIssue> = ("tenant-identification-missing", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::TenantIdentificationMissing { how } => Some(format!(
            "the operation does not identify its tenant by {how}"
        )),
        _ => None,
    }
}
