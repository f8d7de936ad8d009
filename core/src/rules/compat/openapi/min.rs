use crate::diff::Change;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `minimum` set, removed, increased or decreased on a request body, request
    /// property, parameter, response body or response property.
    ///
    /// ## Why is it breaking?
    /// A increased `minimum` (or a new one) rejects values that were valid. In a
    /// request that breaks clients that send them; a read-only request property
    /// is exempt, clients never send it. In a response, a decreased or removed
    /// `minimum` lets the provider send values clients were told would not come.
    ///
    /// ## Example
    /// base: `minimum: 10` → revision: `minimum: 20` on a request property.
    RULE: Rule<Change> = ("min", Family::OpenApi, check, [
        ("request-body-min-decreased"),
        ("request-body-min-increased"),
        ("request-body-min-set"),
        ("request-parameter-min-decreased"),
        ("request-parameter-min-increased"),
        ("request-parameter-min-set"),
        ("request-property-min-decreased"),
        ("request-property-min-increased"),
        ("request-property-min-set"),
        ("request-read-only-property-min-increased"),
        ("response-body-min-decreased"),
        ("response-property-min-decreased"),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::bound(&RULE, change, "minimum", "min")
}
