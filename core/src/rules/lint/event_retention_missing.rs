use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an event contract without retention and replay metadata
    /// (`x-retention`, on the event or its envelope: how long events are kept,
    /// whether they can be replayed).
    ///
    /// ## Why it matters
    /// Consumers that rebuild state by replaying events need to know how far
    /// back they can go; the registry checks events full-transitive for exactly
    /// that reason.
    ///
    /// ## Example
    /// An event schema, and its envelope, without `x-retention: {days: 400,
    /// replayable: true}`.
    RULE: Rule<LintIssue> = ("event-retention-missing", Level::Warning, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::EventRetentionMissing => {
            Some("the event has no retention or replay metadata (`x-retention`)".to_owned())
        }
        _ => None,
    }
}
