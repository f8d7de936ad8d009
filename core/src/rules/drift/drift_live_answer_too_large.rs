use super::DriftIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an answer whose body is larger than the environment's cap
    /// (`max_response_mb`, 32 MiB by default). The body is not read past
    /// the cap, so nothing of it is checked or recorded.
    ///
    /// ## Why it matters
    /// A fixture is a sample of an exchange, not a bulk export: an answer
    /// this large is usually a missing page size or filter in the request.
    /// If it is meant, raise `max_response_mb` for the environment.
    ///
    /// ## Example
    /// `200` with a 1 GiB body, over the 32 MiB cap.
    RULE: Rule<DriftIssue> = ("drift-live-answer-too-large", Level::Error, Family::Drift, check)
}

fn check(issue: &DriftIssue) -> Option<String> {
    match issue {
        DriftIssue::TooLarge { status, limit } => Some(format!(
            "the `{status}` answer's body is larger than {} MiB (`max_response_mb`): not read further",
            limit >> 20
        )),
        _ => None,
    }
}
