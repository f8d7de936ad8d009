use crate::diff::Change;
use crate::findings::Level;
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
        ("request-body-min-decreased", Level::Info),
        ("request-body-min-increased", Level::Error),
        ("request-body-min-set", Level::Warning),
        ("request-parameter-min-decreased", Level::Info),
        ("request-parameter-min-increased", Level::Error),
        ("request-parameter-min-set", Level::Warning),
        ("request-property-min-decreased", Level::Info),
        ("request-property-min-increased", Level::Error),
        ("request-property-min-set", Level::Warning),
        ("request-read-only-property-min-increased", Level::Info),
        ("response-body-min-decreased", Level::Error),
        ("response-property-min-decreased", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::bound(&RULE, change, "minimum", "min")
}
