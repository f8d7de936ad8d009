use crate::diff::Change;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `maxLength` set, removed, decreased or increased on a request body, request
    /// property, parameter, response body or response property.
    ///
    /// ## Why is it breaking?
    /// A decreased `maxLength` (or a new one) rejects values that were valid. In a
    /// request that breaks clients that send them; a read-only request property
    /// is exempt, clients never send it. In a response, a increased or removed
    /// `maxLength` lets the provider send values clients were told would not come.
    ///
    /// ## Example
    /// base: `maxLength: 10` → revision: `maxLength: 5` on a request property.
    RULE: Rule<Change> = ("max-length", Family::OpenApi, check, [
        ("request-body-max-length-decreased"),
        ("request-body-max-length-increased"),
        ("request-body-max-length-set"),
        ("request-parameter-max-length-decreased"),
        ("request-parameter-max-length-increased"),
        ("request-parameter-max-length-set"),
        ("request-property-max-length-decreased"),
        ("request-property-max-length-increased"),
        ("request-property-max-length-set"),
        ("request-read-only-property-max-length-decreased"),
        ("response-body-max-length-increased"),
        ("response-body-max-length-unset"),
        ("response-property-max-length-increased"),
        ("response-property-max-length-unset"),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::bound(&RULE, change, "maxLength", "max-length")
}
