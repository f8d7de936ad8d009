use crate::diff::Change;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `minItems` set, removed, increased or decreased on a request body, request
    /// property, parameter, response body or response property.
    ///
    /// ## Why is it breaking?
    /// A increased `minItems` (or a new one) rejects values that were valid. In a
    /// request that breaks clients that send them; a read-only request property
    /// is exempt, clients never send it. In a response, a decreased or removed
    /// `minItems` lets the provider send values clients were told would not come.
    ///
    /// ## Example
    /// base: `minItems: 10` → revision: `minItems: 20` on a request property.
    RULE: Rule<Change> = ("min-items", Family::OpenApi, check, [
        ("request-body-min-items-increased"),
        ("request-body-min-items-set"),
        ("request-parameter-min-items-decreased"),
        ("request-parameter-min-items-increased"),
        ("request-parameter-min-items-set"),
        ("request-property-min-items-increased"),
        ("request-property-min-items-set"),
        ("response-body-min-items-decreased"),
        ("response-body-min-items-unset"),
        ("response-property-min-items-decreased"),
        ("response-property-min-items-unset"),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::bound(&RULE, change, "minItems", "min-items")
}
