use crate::diff::Change;
use crate::findings::Level;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `contentSchema` added to or removed from a request body, request property,
    /// response body or response property.
    ///
    /// ## Why is it breaking?
    /// `contentSchema` constrains the values a schema accepts. Adding it to a request
    /// (or removing it from a response) can reject what clients send or
    /// surprise what they read; removing it from a response lets
    /// values through that clients were told would not come. The other
    /// direction is listed at `info`.
    ///
    /// ## Example
    /// base: `{type: array}` → revision: `{type: array, contentSchema: {type: string}}`.
    RULE: Rule<Change> = ("content-schema", Family::OpenApi, check, [
        ("request-body-content-schema-added", Level::Error),
        ("request-body-content-schema-removed", Level::Info),
        ("request-property-content-schema-added", Level::Error),
        ("request-property-content-schema-removed", Level::Info),
        ("response-body-content-schema-added", Level::Info),
        ("response-body-content-schema-removed", Level::Error),
        ("response-property-content-schema-added", Level::Info),
        ("response-property-content-schema-removed", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::subschema(&RULE, change, "contentSchema", "content-schema")
}
