use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};

declare_rule! {
    /// ## What it does
    /// Flags an `enum` where there was none, and values added to or removed from
    /// an `enum` or an `x-extensible-enum`.
    ///
    /// ## Why is it breaking?
    /// A new enum, or a removed value, in a request rejects values clients send
    /// (read-only request properties are exempt: clients never send them). A new
    /// value in a response is one clients may not handle: oasdiff warns about it,
    /// since well-written clients tolerate unknown values.
    ///
    /// ## Example
    /// base: `enum: [draft, open, paid]` → revision: `enum: [draft, open]` on a
    /// request property.
    RULE: Rule<Change> = ("enum", Family::OpenApi, check, [
        ("request-body-became-enum"),
        ("request-body-enum-value-removed"),
        ("request-header-property-became-enum"),
        ("request-parameter-became-enum"),
        ("request-parameter-enum-value-added"),
        ("request-parameter-enum-value-removed"),
        ("request-parameter-property-enum-value-added"),
        ("request-parameter-property-enum-value-removed"),
        ("request-parameter-x-extensible-enum-value-removed"),
        ("request-property-became-enum"),
        ("request-property-enum-value-added"),
        ("request-property-enum-value-removed"),
        ("request-property-x-extensible-enum-value-removed"),
        ("request-read-only-property-enum-value-removed"),
        ("response-mediatype-enum-value-removed"),
        ("response-property-enum-value-added"),
        ("response-property-enum-value-removed"),
        ("response-write-only-property-enum-value-added"),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    let place = Described(change, &k.place);
    let (suffix, message) = match &k.delta {
        Delta::BecameEnum => ("became-enum", format!("{place} became an enum")),
        Delta::EnumValue { value, added: true } => (
            "enum-value-added",
            format!(
                "the value {} was added to the enum of {place}",
                super::shown(value)
            ),
        ),
        // oasdiff names a response body's own enum after the media type.
        Delta::EnumValue {
            value,
            added: false,
        } if prefix == "response-body" => {
            return Some(Hit::new(
                "response-mediatype-enum-value-removed",
                format!(
                    "the value {} was removed from the enum of {place}",
                    super::shown(value)
                ),
            ));
        }
        Delta::EnumValue {
            value,
            added: false,
        } => (
            "enum-value-removed",
            format!(
                "the value {} was removed from the enum of {place}",
                super::shown(value)
            ),
        ),
        Delta::ExtensibleEnumValue {
            value,
            added: false,
        } => (
            "x-extensible-enum-value-removed",
            format!(
                "the value {} was removed from the `x-extensible-enum` of {place}",
                super::shown(value)
            ),
        ),
        _ => return None,
    };
    Some(Hit::new(place_id(&RULE, k, prefix, suffix), message))
}
