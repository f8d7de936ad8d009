use super::DriftIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Lists a fixture whose request was deliberately not sent: its method
    /// is not allowed in the environment (only `GET`, `HEAD` and `OPTIONS`
    /// unless `allowed_methods` opts in), or it records a `429`/`503`, which a
    /// live system gives only under load.
    ///
    /// ## Why it matters
    /// Unsafe methods change a live system: creating records in a vendor's
    /// sandbox every night is an opt-in, not a default. The fixture is still
    /// checked against the contract by `accord replay`.
    ///
    /// ## Example
    /// `POST /accounts` against `sandbox`, whose `allowed_methods` are
    /// `[GET, HEAD, OPTIONS]`.
    RULE: Rule<DriftIssue> = ("drift-request-not-sent", Level::Info, Family::Drift, check)
}

fn check(issue: &DriftIssue) -> Option<String> {
    match issue {
        DriftIssue::NotSent { reason } => Some(format!("not sent: {reason}")),
        _ => None,
    }
}
