use crate::diff::Change;
use crate::findings::Level;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `propertyNames` added to or removed from a request body, request property,
    /// response body or response property.
    ///
    /// ## Why is it breaking?
    /// `propertyNames` constrains the values a schema accepts. Adding it to a request
    /// (or removing it from a response) can reject what clients send or
    /// surprise what they read; removing it from a response lets
    /// values through that clients were told would not come. The other
    /// direction is listed at `info`.
    ///
    /// ## Example
    /// base: `{type: array}` → revision: `{type: array, propertyNames: {type: string}}`.
    RULE: Rule<Change> = ("property-names", Family::OpenApi, check, [
        ("request-body-property-names-added", Level::Error),
        ("request-body-property-names-removed", Level::Info),
        ("request-property-property-names-added", Level::Error),
        ("request-property-property-names-removed", Level::Info),
        ("response-body-property-names-added", Level::Info),
        ("response-body-property-names-removed", Level::Error),
        ("response-property-property-names-added", Level::Info),
        ("response-property-property-names-removed", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    super::subschema(&RULE, change, "propertyNames", "property-names")
}
