use crate::diff::Change;
use crate::findings::Level;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `else` added to or removed from a request body, request property,
    /// response body or response property.
    ///
    /// ## Why is it breaking?
    /// `else` constrains the values a schema accepts. Adding it to a request
    /// (or removing it from a response) can reject what clients send or
    /// surprise what they read; removing it from a response lets
    /// values through that clients were told would not come. The other
    /// direction is listed at `info`.
    ///
    /// ## Example
    /// base: `{type: array}` → revision: `{type: array, else: {type: string}}`.
    RULE: Rule<Change> = ("else", Family::OpenApi, check, [
        ("request-body-else-added", Level::Error),
        ("request-body-else-removed", Level::Info),
        ("request-property-else-added", Level::Error),
        ("request-property-else-removed", Level::Info),
        ("response-body-else-added", Level::Info),
        ("response-body-else-removed", Level::Error),
        ("response-property-else-added", Level::Info),
        ("response-property-else-removed", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::subschema(&RULE, change, "else", "else")
}
