use crate::diff::Change;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `exclusiveMinimum` set, removed, increased or decreased on a request body, request
    /// property, parameter, response body or response property.
    ///
    /// ## Why is it breaking?
    /// A increased `exclusiveMinimum` (or a new one) rejects values that were valid. In a
    /// request that breaks clients that send them; a read-only request property
    /// is exempt, clients never send it. In a response, a decreased or removed
    /// `exclusiveMinimum` lets the provider send values clients were told would not come.
    ///
    /// ## Example
    /// base: `exclusiveMinimum: 10` → revision: `exclusiveMinimum: 20` on a request property.
    RULE: Rule<Change> = ("exclusive-min", Family::OpenApi, check, [
        ("request-body-exclusive-min-decreased"),
        ("request-body-exclusive-min-increased"),
        ("request-body-exclusive-min-set"),
        ("request-parameter-exclusive-min-decreased"),
        ("request-parameter-exclusive-min-increased"),
        ("request-parameter-exclusive-min-set"),
        ("request-property-exclusive-min-decreased"),
        ("request-property-exclusive-min-increased"),
        ("request-property-exclusive-min-set"),
        ("request-read-only-property-exclusive-min-increased"),
        ("response-body-exclusive-min-decreased"),
        ("response-property-exclusive-min-decreased"),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::bound(&RULE, change, "exclusiveMinimum", "exclusive-min")
}
