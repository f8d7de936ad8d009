use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an operation without an `operationId`.
    ///
    /// ## Why it matters
    /// Generated clients name their methods after it, logs and metrics key on
    /// it, and the registry's changelog names operations by it. Without one,
    /// every generator invents a name, and renaming a path renames the method.
    ///
    /// ## Example
    /// `get: {summary: One account, responses: …}` under `/accounts/{id}`,
    /// with no `operationId: getAccount`.
    RULE: Rule<LintIssue> = ("operation-id-missing", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::OperationIdMissing => Some("the operation has no `operationId`".to_owned()),
        _ => None,
    }
}
