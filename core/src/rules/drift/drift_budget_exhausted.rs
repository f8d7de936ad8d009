use super::DriftIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a fixture whose request was not sent because the environment's
    /// per-host request budget (`request_budget`) was spent, retries included.
    ///
    /// ## Why it matters
    /// The fixture was not checked tonight. A budget protects a shared
    /// sandbox; if it runs out every night, raise it or shard the run
    /// (`--shard K/N`) over more jobs.
    ///
    /// ## Example
    /// `request_budget: 100` with 140 fixtures for one host: 40 are reported.
    RULE: Rule<DriftIssue> = ("drift-budget-exhausted", Level::Warning, Family::Drift, check)
}

fn check(issue: &DriftIssue) -> Option<String> {
    match issue {
        DriftIssue::OverBudget { host, budget } => Some(format!(
            "not sent: the request budget of {budget} for `{host}` is spent"
        )),
        _ => None,
    }
}
