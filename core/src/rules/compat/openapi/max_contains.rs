use crate::diff::Change;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `maxContains` set, removed, decreased or increased on a request body, request
    /// property, parameter, response body or response property.
    ///
    /// ## Why is it breaking?
    /// A decreased `maxContains` (or a new one) rejects values that were valid. In a
    /// request that breaks clients that send them; a read-only request property
    /// is exempt, clients never send it. In a response, a increased or removed
    /// `maxContains` lets the provider send values clients were told would not come.
    ///
    /// ## Example
    /// base: `maxContains: 10` → revision: `maxContains: 5` on a request property.
    RULE: Rule<Change> = ("max-contains", Family::OpenApi, check, [
        ("request-body-max-contains-decreased"),
        ("request-body-max-contains-increased"),
        ("request-property-max-contains-decreased"),
        ("request-property-max-contains-increased"),
        ("response-body-max-contains-decreased"),
        ("response-body-max-contains-increased"),
        ("response-property-max-contains-decreased"),
        ("response-property-max-contains-increased"),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::bound(&RULE, change, "maxContains", "max-contains")
}
