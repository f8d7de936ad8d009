use super::{DriftIssue, attempts as count};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a request that was still answered `429` or `503` after every retry
    /// (each after the `Retry-After` the system asked for, or a backoff), or
    /// whose `Retry-After` asked for longer than accord waits (120 s).
    ///
    /// ## Why it matters
    /// The fixture was not checked. Lower `concurrency`, shard the run, or
    /// ask the vendor for a larger sandbox quota.
    ///
    /// ## Example
    /// `GET /invoices/{id}` answered `429` with `Retry-After: 1` three times.
    RULE: Rule<DriftIssue> = ("drift-live-rate-limited", Level::Warning, Family::Drift, check)
}

fn check(issue: &DriftIssue) -> Option<String> {
    match issue {
        DriftIssue::RateLimited {
            status,
            attempts,
            retry_after,
        } => Some(match retry_after {
            Some(wait) => format!(
                "the system answered `{status}` (Retry-After: {wait}) after {}",
                count(*attempts)
            ),
            None => format!("the system answered `{status}` after {}", count(*attempts)),
        }),
        _ => None,
    }
}
