use crate::findings::Level;
use crate::rules::consumer::Issue;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a consumer's interaction (a request in its Pact file) that no
    /// operation of the provider's contract answers, naming the nearest
    /// operation and what differs.
    ///
    /// ## Why is it breaking?
    /// The consumer calls something the provider does not offer (any more,
    /// or under that path or method): the call fails in production.
    ///
    /// ## Example
    /// The sales app calls `GET /opportunities/{id}`; the CRM contract
    /// renamed the path to `/deals/{id}`.
    RULE: Rule<Issue> = ("consumer-operation-unknown", Level::Error, Family::Consumer, check)
}

fn check(issue: &Issue) -> Option<String> {
    match issue {
        Issue::Unmatched { request, miss } => Some(match &miss.nearest {
            Some(nearest) => format!(
                "the consumer calls `{request}`, which no operation of the contract answers (nearest `{nearest}`: {})",
                miss.why
            ),
            None => format!(
                "the consumer calls `{request}`, which no operation of the contract answers ({})",
                miss.why
            ),
        }),
        _ => None,
    }
}
