use super::LintIssue;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an event contract (`kind: event`) whose schema (with its `allOf`
    /// members, such as the shared envelope) lacks an envelope field: event
    /// id, type, tenant id, correlation id, or occurred-at.
    ///
    /// ## Why it matters
    /// Consumers deduplicate by the event id, route by the type, isolate by the
    /// tenant, trace by the correlation id and order by the time; an event
    /// without one of them cannot be handled safely.
    ///
    /// ## Example
    /// An event schema with `type` and `data` only, no `allOf: [{$ref:
    /// envelope.json}]`.
    RULE: Rule<LintIssue> = ("event-envelope-field-missing", Level::Error, Family::Lint, check)
}

fn check(issue: &LintIssue) -> Option<String> {
    match issue {
        LintIssue::EventEnvelopeFieldMissing { field } => {
            Some(format!("the event has no {field} field (the envelope's)"))
        }
        _ => None,
    }
}
