use super::DriftIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a live answer with another status than the recording (the same
    /// request: `200` became `404`, `201` became `200`). A `5xx` and a
    /// rate limit are reported by their own rules.
    ///
    /// ## Why it matters
    /// Clients branch on the status. The request that used to succeed fails,
    /// or the other way round: the API's behaviour changed.
    ///
    /// ## Example
    /// The recording of `GET /accounts/001A000001AcmeHQ01` has `200`; the
    /// sandbox answers `404`.
    RULE: Rule<DriftIssue> = ("drift-status-changed", Level::Error, Family::Drift, check)
}

fn check(issue: &DriftIssue) -> Option<String> {
    match issue {
        DriftIssue::StatusChanged { recorded, live } => Some(format!(
            "the system answered `{live}` where the recording has `{recorded}`"
        )),
        _ => None,
    }
}
