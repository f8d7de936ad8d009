use crate::findings::Level;
use crate::rules::consumer::Issue;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a consumer's request (an interaction of its Pact file) that the
    /// provider's contract would reject: a required parameter missing, a
    /// parameter or body that fails its schema, a media type the operation
    /// does not take.
    ///
    /// ## Why is it breaking?
    /// The consumer sends what its tests expect to be accepted; the
    /// provider, as its contract says, refuses it.
    ///
    /// ## Example
    /// The sales app creates accounts with `Type: Prospect`; the CRM
    /// contract's `Type` enum no longer has `Prospect`.
    RULE: Rule<Issue> = ("consumer-request-rejected", Level::Error, Family::Consumer, check)
}

fn check(issue: &Issue) -> Option<String> {
    match issue {
        Issue::RequestRejected { detail, .. } => Some(format!(
            "the contract rejects the consumer's request: {detail}"
        )),
        _ => None,
    }
}
