use super::{DriftIssue, attempts as count};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a request that got no answer: the connection was refused or
    /// timed out, every attempt (with backoff between them).
    ///
    /// ## Why it matters
    /// Nothing about the fixture could be checked, and a sync job would fail
    /// the same way. Check the environment's `base_url`, the network, or the
    /// sandbox's status.
    ///
    /// ## Example
    /// `cannot connect: Connection refused (os error 111)` after 3 attempts.
    RULE: Rule<DriftIssue> = ("drift-live-unreachable", Level::Error, Family::Drift, check)
}

fn check(issue: &DriftIssue) -> Option<String> {
    match issue {
        DriftIssue::Unreachable { reason, attempts } => {
            Some(format!("no answer after {}: {reason}", count(*attempts)))
        }
        _ => None,
    }
}
