//! Consumer rules: what a consumer expects (an interaction of its Pact
//! file) against the provider's current contract. Judged by `accord
//! verify-consumers` (and `accord check`, for changed contracts). They read
//! the same issues as the fixture rules: a consumer's expectation is an
//! exchange it relies on.

pub use crate::rules::fixture::Issue;

mod consumer_expectation_unsupported;
mod consumer_operation_unknown;
mod consumer_request_rejected;
mod consumer_status_undocumented;

crate::rules::rule_table!(
    /// Every consumer rule, sorted by id.
    Issue;
    consumer_expectation_unsupported,
    consumer_operation_unknown,
    consumer_request_rejected,
    consumer_status_undocumented,
);
