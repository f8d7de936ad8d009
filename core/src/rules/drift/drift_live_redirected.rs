use super::DriftIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an answer that redirects to another origin (scheme, host or
    /// port) than the environment's base URL. accord does not follow it:
    /// the request carries the tenant's credentials, which go to the
    /// configured system only.
    ///
    /// ## Why it matters
    /// A sandbox that moved, a login page, or a misconfigured proxy: the
    /// fixture could not be checked, and a client that follows redirects
    /// blindly would hand its key to that host. Point `base_url` at where
    /// the API now lives, if the move is intended.
    ///
    /// ## Example
    /// `302` to `https://login.example.com/authorize`: not followed.
    RULE: Rule<DriftIssue> = ("drift-live-redirected", Level::Error, Family::Drift, check)
}

fn check(issue: &DriftIssue) -> Option<String> {
    match issue {
        DriftIssue::Redirected { status, to } => Some(format!(
            "`{status}` redirects to another origin, `{to}`: not followed, so that the credentials stay with the configured base URL"
        )),
        _ => None,
    }
}
