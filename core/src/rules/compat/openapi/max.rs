use crate::diff::Change;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `maximum` set, removed, decreased or increased on a request body, request
    /// property, parameter, response body or response property.
    ///
    /// ## Why is it breaking?
    /// A decreased `maximum` (or a new one) rejects values that were valid. In a
    /// request that breaks clients that send them; a read-only request property
    /// is exempt, clients never send it. In a response, a increased or removed
    /// `maximum` lets the provider send values clients were told would not come.
    ///
    /// ## Example
    /// base: `maximum: 10` → revision: `maximum: 5` on a request property.
    RULE: Rule<Change> = ("max", Family::OpenApi, check, [
        ("request-body-max-decreased"),
        ("request-body-max-increased"),
        ("request-body-max-set"),
        ("request-parameter-max-decreased"),
        ("request-parameter-max-increased"),
        ("request-parameter-max-set"),
        ("request-property-max-decreased"),
        ("request-property-max-increased"),
        ("request-property-max-set"),
        ("request-read-only-property-max-decreased"),
        ("response-body-max-increased"),
        ("response-property-max-increased"),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::bound(&RULE, change, "maximum", "max")
}
