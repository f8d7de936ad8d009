use crate::diff::Change;
use crate::findings::Level;
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
        ("request-body-max-decreased", Level::Error),
        ("request-body-max-increased", Level::Info),
        ("request-body-max-set", Level::Warning),
        ("request-parameter-max-decreased", Level::Error),
        ("request-parameter-max-increased", Level::Info),
        ("request-parameter-max-set", Level::Warning),
        ("request-property-max-decreased", Level::Error),
        ("request-property-max-increased", Level::Info),
        ("request-property-max-set", Level::Warning),
        ("request-read-only-property-max-decreased", Level::Info),
        ("response-body-max-increased", Level::Error),
        ("response-property-max-increased", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::bound(&RULE, change, "maximum", "max")
}
