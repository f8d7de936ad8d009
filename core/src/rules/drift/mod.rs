//! Drift rules: what a live environment answers now, against the contract
//! (spec↔live) and against the recording (fixture↔live). Judged by `accord
//! drift`, and by `accord record --review` for the recordings it would
//! replace.

use crate::model::pointer::JsonPointer;
use crate::rules::fixture::Issue;

/// Something a live answer says about the contract or the recording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DriftIssue {
    /// spec↔live: the live answer against the contract (the response
    /// issues of `fixtures::validate::Validator::check`).
    Live(Issue),
    /// fixture↔live: another status than recorded.
    StatusChanged { recorded: u16, live: u16 },
    /// fixture↔live: another media type than recorded.
    MediaTypeChanged { recorded: String, live: String },
    /// fixture↔live: a field gone, new, or of another type.
    Shape(ShapeChange),
    /// A 5xx, after the retries.
    ServerError { status: u16, attempts: u32 },
    /// No answer at all, after the retries.
    Unreachable { reason: String, attempts: u32 },
    /// Still `429`/`503` after the retries (or asked to wait too long).
    RateLimited {
        status: u16,
        attempts: u32,
        retry_after: Option<String>,
    },
    /// The request was deliberately not sent.
    NotSent { reason: String },
    /// The host's request budget ran out first.
    OverBudget { host: String, budget: u32 },
    /// The answer redirected to another origin: not followed, so that the
    /// credentials stay with the configured base URL.
    Redirected { status: u16, to: String },
    /// The answer's body was larger than the environment's cap.
    TooLarge { status: u16, limit: u64 },
}

mod drift_budget_exhausted;
mod drift_field_added;
mod drift_field_removed;
mod drift_field_type_changed;
mod drift_live_answer_too_large;
mod drift_live_enum_value_new;
mod drift_live_field_undocumented;
mod drift_live_header_missing;
mod drift_live_rate_limited;
mod drift_live_redirected;
mod drift_live_response_invalid;
mod drift_live_server_error;
mod drift_live_status_undeclared;
mod drift_live_unreachable;
mod drift_media_type_changed;
mod drift_request_not_sent;
mod drift_status_changed;

crate::rules::rule_table!(
    /// Every drift rule, sorted by id.
    DriftIssue;
    drift_budget_exhausted,
    drift_field_added,
    drift_field_removed,
    drift_field_type_changed,
    drift_live_enum_value_new,
    drift_live_field_undocumented,
    drift_live_header_missing,
    drift_live_answer_too_large,
    drift_live_rate_limited,
    drift_live_redirected,
    drift_live_response_invalid,
    drift_live_server_error,
    drift_live_status_undeclared,
    drift_live_unreachable,
    drift_media_type_changed,
    drift_request_not_sent,
    drift_status_changed,
);

/// `1 attempt`, `3 attempts`.
pub fn attempts(n: u32) -> String {
    if n == 1 {
        "1 attempt".to_owned()
    } else {
        format!("{n} attempts")
    }
}

/// What differs between two shapes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShapeChange {
    /// In the recording, not in the live answer.
    Removed { field: String, at: JsonPointer },
    /// In the live answer, not in the recording.
    Added { field: String, at: JsonPointer },
    /// Of other JSON types than recorded.
    TypeChanged {
        field: String,
        at: JsonPointer,
        recorded: String,
        live: String,
    },
}
