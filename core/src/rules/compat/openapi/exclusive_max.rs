use crate::diff::Change;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `exclusiveMaximum` set, removed, decreased or increased on a request body, request
    /// property, parameter, response body or response property.
    ///
    /// ## Why is it breaking?
    /// A decreased `exclusiveMaximum` (or a new one) rejects values that were valid. In a
    /// request that breaks clients that send them; a read-only request property
    /// is exempt, clients never send it. In a response, a increased or removed
    /// `exclusiveMaximum` lets the provider send values clients were told would not come.
    ///
    /// ## Example
    /// base: `exclusiveMaximum: 10` → revision: `exclusiveMaximum: 5` on a request property.
    RULE: Rule<Change> = ("exclusive-max", Family::OpenApi, check, [
        ("request-body-exclusive-max-decreased"),
        ("request-body-exclusive-max-increased"),
        ("request-body-exclusive-max-set"),
        ("request-parameter-exclusive-max-decreased"),
        ("request-parameter-exclusive-max-increased"),
        ("request-parameter-exclusive-max-set"),
        ("request-property-exclusive-max-decreased"),
        ("request-property-exclusive-max-increased"),
        ("request-property-exclusive-max-set"),
        ("request-read-only-property-exclusive-max-decreased"),
        ("response-body-exclusive-max-increased"),
        ("response-property-exclusive-max-increased"),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::bound(&RULE, change, "exclusiveMaximum", "exclusive-max")
}
