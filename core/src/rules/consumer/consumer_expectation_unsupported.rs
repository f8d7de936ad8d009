use crate::findings::Level;
use crate::rules::consumer::Issue;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a field of a consumer's expected response (an interaction of
    /// its Pact file) that the provider's contract does not promise: a
    /// field the response schema does not declare, or a value it does not
    /// allow — of a kind it does not allow, where a matching rule says the
    /// consumer expects a kind of value (`type`, `regex`, `integer`) rather
    /// than the example's.
    ///
    /// ## Why is it breaking?
    /// The consumer's tests pass against its own mock; in production it
    /// meets the provider, which promised nothing of the kind. Checking the
    /// expectation against the provider's contract (bi-directional contract
    /// testing) finds the break before either side deploys.
    ///
    /// ## Example
    /// The billing portal reads `BillingAddress.postalCode` as a string; the
    /// CRM contract now declares it an integer.
    RULE: Rule<Issue> = ("consumer-expectation-unsupported", Level::Error, Family::Consumer, check)
}

fn check(issue: &Issue) -> Option<String> {
    match issue {
        Issue::Unpromised { detail, .. } => Some(detail.clone()),
        _ => None,
    }
}
