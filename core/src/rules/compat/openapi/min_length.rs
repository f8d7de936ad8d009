use crate::diff::Change;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `minLength` set, removed, increased or decreased on a request body, request
    /// property, parameter, response body or response property.
    ///
    /// ## Why is it breaking?
    /// A increased `minLength` (or a new one) rejects values that were valid. In a
    /// request that breaks clients that send them; a read-only request property
    /// is exempt, clients never send it. In a response, a decreased or removed
    /// `minLength` lets the provider send values clients were told would not come.
    ///
    /// ## Example
    /// base: `minLength: 10` → revision: `minLength: 20` on a request property.
    RULE: Rule<Change> = ("min-length", Family::OpenApi, check, [
        ("request-body-min-length-decreased"),
        ("request-body-min-length-increased"),
        ("request-parameter-min-length-decreased"),
        ("request-parameter-min-length-increased"),
        ("request-property-min-length-decreased"),
        ("request-property-min-length-increased"),
        ("response-body-min-length-decreased"),
        ("response-property-min-length-decreased"),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::bound(&RULE, change, "minLength", "min-length")
}
