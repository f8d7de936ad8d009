use crate::diff::Change;
use crate::findings::Level;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `if` added to or removed from a request body, request property,
    /// response body or response property.
    ///
    /// ## Why is it breaking?
    /// `if` constrains the values a schema accepts. Adding it to a request
    /// (or removing it from a response) can reject what clients send or
    /// surprise what they read; removing it from a response lets
    /// values through that clients were told would not come. The other
    /// direction is listed at `info`.
    ///
    /// ## Example
    /// base: `{type: array}` → revision: `{type: array, if: {type: string}}`.
    RULE: Rule<Change> = ("if", Family::OpenApi, check, [
        ("request-body-if-added", Level::Error),
        ("request-body-if-removed", Level::Info),
        ("request-property-if-added", Level::Error),
        ("request-property-if-removed", Level::Info),
        ("response-body-if-added", Level::Info),
        ("response-body-if-removed", Level::Error),
        ("response-property-if-added", Level::Info),
        ("response-property-if-removed", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::subschema(&RULE, change, "if", "if")
}
