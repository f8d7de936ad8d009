use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an `operationId` that another operation of the contract already
    /// uses.
    ///
    /// ## Why it matters
    /// Operation ids must be unique (OpenAPI says so): generated clients fail to
    /// compile or silently drop one of the two methods.
    ///
    /// ## Example
    /// `getAccount` on both `GET /accounts/{id}` and `GET /accounts/{id}/owner`.
    RULE: Rule<LintIssue> = ("operation-id-duplicate", Level::Error, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::OperationIdDuplicate { id, first } => Some(format!(
            "`operationId` `{id}` is already the id of `{first}`"
        )),
        _ => None,
    }
}
