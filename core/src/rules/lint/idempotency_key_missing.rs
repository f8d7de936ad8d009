use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Where `accord.yaml` names an idempotency header (`lint.idempotency_key`),
    /// flags a `POST` that does not accept it.
    ///
    /// ## Why it matters
    /// Sync jobs retry. A `POST` that creates records without an idempotency
    /// key creates them twice when a timeout hides the first success.
    ///
    /// ## Example
    /// `POST /orders` without an `Idempotency-Key` header parameter.
    RULE: Rule<LintIssue> = ("idempotency-key-missing", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::IdempotencyKeyMissing { header } => {
            Some(format!("the `POST` does not accept the `{header}` header"))
        }
        _ => None,
    }
}
