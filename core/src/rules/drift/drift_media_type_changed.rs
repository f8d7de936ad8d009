use super::DriftIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a live response of another media type than recorded
    /// (`application/json` became `text/html`: often an error page or a
    /// gateway in front of the API).
    ///
    /// ## Why it matters
    /// Clients parse by media type; the body cannot be compared field by
    /// field.
    ///
    /// ## Example
    /// Recorded `application/json`, live `text/html`.
    RULE: Rule<DriftIssue> = ("drift-media-type-changed", Level::Warning, Family::Drift, check)
}

fn check(issue: &DriftIssue) -> Option<String> {
    match issue {
        DriftIssue::MediaTypeChanged { recorded, live } => Some(format!(
            "the live response is `{live}`, the recording `{recorded}`"
        )),
        _ => None,
    }
}
