use crate::diff::Change;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `maxItems` set, removed, decreased or increased on a request body, request
    /// property, parameter, response body or response property.
    ///
    /// ## Why is it breaking?
    /// A decreased `maxItems` (or a new one) rejects values that were valid. In a
    /// request that breaks clients that send them; a read-only request property
    /// is exempt, clients never send it. In a response, a increased or removed
    /// `maxItems` lets the provider send values clients were told would not come.
    ///
    /// ## Example
    /// base: `maxItems: 10` → revision: `maxItems: 5` on a request property.
    RULE: Rule<Change> = ("max-items", Family::OpenApi, check, [
        ("request-parameter-max-items-decreased"),
        ("request-parameter-max-items-increased"),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::bound(&RULE, change, "maxItems", "max-items")
}
