use crate::diff::Change;
use crate::findings::Level;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `then` added to or removed from a request body, request property,
    /// response body or response property.
    ///
    /// ## Why is it breaking?
    /// `then` constrains the values a schema accepts. Adding it to a request
    /// (or removing it from a response) can reject what clients send or
    /// surprise what they read; removing it from a response lets
    /// values through that clients were told would not come. The other
    /// direction is listed at `info`.
    ///
    /// ## Example
    /// base: `{type: array}` → revision: `{type: array, then: {type: string}}`.
    RULE: Rule<Change> = ("then", Family::OpenApi, check, [
        ("request-body-then-added", Level::Error),
        ("request-body-then-removed", Level::Info),
        ("request-property-then-added", Level::Error),
        ("request-property-then-removed", Level::Info),
        ("response-body-then-added", Level::Info),
        ("response-body-then-removed", Level::Error),
        ("response-property-then-added", Level::Info),
        ("response-property-then-removed", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::subschema(&RULE, change, "then", "then")
}
