use crate::diff::Change;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `minContains` set, removed, increased or decreased on a request body, request
    /// property, parameter, response body or response property.
    ///
    /// ## Why is it breaking?
    /// A increased `minContains` (or a new one) rejects values that were valid. In a
    /// request that breaks clients that send them; a read-only request property
    /// is exempt, clients never send it. In a response, a decreased or removed
    /// `minContains` lets the provider send values clients were told would not come.
    ///
    /// ## Example
    /// base: `minContains: 10` → revision: `minContains: 20` on a request property.
    RULE: Rule<Change> = ("min-contains", Family::OpenApi, check, [
        ("request-body-min-contains-decreased"),
        ("request-body-min-contains-increased"),
        ("request-property-min-contains-decreased"),
        ("request-property-min-contains-increased"),
        ("response-body-min-contains-decreased"),
        ("response-body-min-contains-increased"),
        ("response-property-min-contains-decreased"),
        ("response-property-min-contains-increased"),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::bound(&RULE, change, "minContains", "min-contains")
}
