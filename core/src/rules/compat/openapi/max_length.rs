use crate::diff::Change;
use crate::findings::Level;
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
        ("request-body-max-length-decreased", Level::Error),
        ("request-body-max-length-increased", Level::Info),
        ("request-body-max-length-set", Level::Warning),
        ("request-parameter-max-length-decreased", Level::Error),
        ("request-parameter-max-length-increased", Level::Info),
        ("request-parameter-max-length-set", Level::Warning),
        ("request-property-max-length-decreased", Level::Error),
        ("request-property-max-length-increased", Level::Info),
        ("request-property-max-length-set", Level::Warning),
        ("request-read-only-property-max-length-decreased", Level::Info),
        ("response-body-max-length-increased", Level::Error),
        ("response-body-max-length-unset", Level::Error),
        ("response-property-max-length-increased", Level::Error),
        ("response-property-max-length-unset", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::bound(&RULE, change, "maxLength", "max-length")
}
