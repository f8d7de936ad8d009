use super::{DriftIssue, attempts as count};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a request answered with a `5xx` status after every retry (the
    /// recording had another status).
    ///
    /// ## Why it matters
    /// The system fails where it used to answer. A sandbox outage or a request
    /// the new version cannot handle: either way, nothing else about the
    /// fixture could be checked.
    ///
    /// ## Example
    /// `GET /salesOrders/{id}` answered `500` three times.
    RULE: Rule<DriftIssue> = ("drift-live-server-error", Level::Error, Family::Drift, check)
}

fn check(issue: &DriftIssue) -> Option<String> {
    match issue {
        DriftIssue::ServerError { status, attempts } => Some(format!(
            "the system answered `{status}` after {}",
            count(*attempts)
        )),
        _ => None,
    }
}
