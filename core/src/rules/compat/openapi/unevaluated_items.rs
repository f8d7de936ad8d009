use crate::diff::Change;
use crate::findings::Level;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `unevaluatedItems` added to or removed from a request body, request property,
    /// response body or response property.
    ///
    /// ## Why is it breaking?
    /// `unevaluatedItems` constrains the values a schema accepts. Adding it to a request
    /// (or removing it from a response) can reject what clients send or
    /// surprise what they read; removing it from a response lets
    /// values through that clients were told would not come. The other
    /// direction is listed at `info`.
    ///
    /// ## Example
    /// base: `{type: array}` → revision: `{type: array, unevaluatedItems: {type: string}}`.
    RULE: Rule<Change> = ("unevaluated-items", Family::OpenApi, check, [
        ("request-body-unevaluated-items-added", Level::Error),
        ("request-body-unevaluated-items-removed", Level::Info),
        ("request-property-unevaluated-items-added", Level::Error),
        ("request-property-unevaluated-items-removed", Level::Info),
        ("response-body-unevaluated-items-added", Level::Info),
        ("response-body-unevaluated-items-removed", Level::Error),
        ("response-property-unevaluated-items-added", Level::Info),
        ("response-property-unevaluated-items-removed", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::subschema(&RULE, change, "unevaluatedItems", "unevaluated-items")
}
