use crate::diff::Change;
use crate::findings::Level;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `prefixItems` added to or removed from a request body, request property,
    /// response body or response property.
    ///
    /// ## Why is it breaking?
    /// `prefixItems` constrains the values a schema accepts. Adding it to a request
    /// can reject what clients send or
    /// surprise what they read; removing it from a response (or adding it to a request) lets
    /// values through that clients were told would not come. The other
    /// direction is listed at `info`.
    ///
    /// ## Example
    /// base: `{type: array}` → revision: `{type: array, prefixItems: {type: string}}`.
    RULE: Rule<Change> = ("prefix-items", Family::OpenApi, check, [
        ("request-body-prefix-items-added", Level::Info),
        ("request-body-prefix-items-removed", Level::Error),
        ("request-property-prefix-items-added", Level::Info),
        ("request-property-prefix-items-removed", Level::Error),
        ("response-body-prefix-items-added", Level::Error),
        ("response-body-prefix-items-removed", Level::Info),
        ("response-property-prefix-items-added", Level::Error),
        ("response-property-prefix-items-removed", Level::Info),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::subschema(&RULE, change, "prefixItems", "prefix-items")
}
