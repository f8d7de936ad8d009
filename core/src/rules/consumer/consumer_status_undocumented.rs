use crate::findings::Level;
use crate::rules::consumer::Issue;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a status a consumer expects (an interaction of its Pact file)
    /// that the operation does not document: no response of that code, of
    /// its range (`2XX`), or `default`.
    ///
    /// ## Why is it breaking?
    /// The consumer handles an answer the provider does not promise to give:
    /// what it really gets is something else.
    ///
    /// ## Example
    /// The sales app expects `201` from `POST /accounts`; the CRM contract
    /// now answers `200`.
    RULE: Rule<Issue> = ("consumer-status-undocumented", Level::Error, Family::Consumer, check)
}

fn check(issue: &Issue) -> Option<String> {
    match issue {
        Issue::StatusUndeclared { status, declared } => Some(format!(
            "the consumer expects a `{status}` response, which the contract does not document (it has {})",
            crate::rules::fixture::listed(declared)
        )),
        _ => None,
    }
}
