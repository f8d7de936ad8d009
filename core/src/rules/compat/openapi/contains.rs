use crate::diff::Change;
use crate::findings::Level;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `contains` added to or removed from a request body, request property,
    /// response body or response property.
    ///
    /// ## Why is it breaking?
    /// `contains` constrains the values a schema accepts. Adding it to a request
    /// (or removing it from a response) can reject what clients send or
    /// surprise what they read; removing it from a response lets
    /// values through that clients were told would not come. The other
    /// direction is listed at `info`.
    ///
    /// ## Example
    /// base: `{type: array}` → revision: `{type: array, contains: {type: string}}`.
    RULE: Rule<Change> = ("contains", Family::OpenApi, check, [
        ("request-body-contains-added", Level::Error),
        ("request-body-contains-removed", Level::Info),
        ("request-property-contains-added", Level::Error),
        ("request-property-contains-removed", Level::Info),
        ("response-body-contains-added", Level::Info),
        ("response-body-contains-removed", Level::Error),
        ("response-property-contains-added", Level::Info),
        ("response-property-contains-removed", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::subschema(&RULE, change, "contains", "contains")
}
