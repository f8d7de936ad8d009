//! Drift rules: what a live environment answers now, against the contract
//! (spec↔live) and against the recording (fixture↔live). Judged by `accord
//! drift`, and by `accord record --review` for the recordings it would
//! replace.

pub use crate::drift::DriftIssue;
use crate::rules::Rule;

macro_rules! rules {
    ($($name:ident),* $(,)?) => {
        $(mod $name;)*
        /// Every drift rule, sorted by id.
        pub static RULES: &[&Rule<DriftIssue>] = &[$(&$name::RULE),*];
    };
}

rules! {
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
}
