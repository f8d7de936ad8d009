use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a `discriminator` added or removed, its `propertyName` changed, or an
    /// entry of its `mapping` added, deleted or changed.
    ///
    /// ## Why it matters
    /// Generated clients pick the class of a polymorphic value by its
    /// discriminator: a changed property name or mapping makes them pick another
    /// class, or none.
    ///
    /// ## Example
    /// base: `discriminator: {propertyName: petType}` → revision:
    /// `discriminator: {propertyName: kind}`.
    RULE: Rule<Change> = ("discriminator", Family::OpenApi, check, [
        ("request-body-discriminator-added", Level::Info),
        ("request-body-discriminator-mapping-added", Level::Info),
        ("request-body-discriminator-mapping-changed", Level::Info),
        ("request-body-discriminator-mapping-deleted", Level::Info),
        ("request-body-discriminator-property-name-changed", Level::Info),
        ("request-body-discriminator-removed", Level::Info),
        ("request-property-discriminator-added", Level::Info),
        ("request-property-discriminator-mapping-added", Level::Info),
        ("request-property-discriminator-mapping-changed", Level::Info),
        ("request-property-discriminator-mapping-deleted", Level::Info),
        ("request-property-discriminator-property-name-changed", Level::Info),
        ("request-property-discriminator-removed", Level::Info),
        ("response-body-discriminator-added", Level::Info),
        ("response-body-discriminator-mapping-added", Level::Info),
        ("response-body-discriminator-mapping-changed", Level::Info),
        ("response-body-discriminator-mapping-deleted", Level::Info),
        ("response-body-discriminator-property-name-changed", Level::Info),
        ("response-body-discriminator-removed", Level::Info),
        ("response-property-discriminator-added", Level::Info),
        ("response-property-discriminator-mapping-added", Level::Info),
        ("response-property-discriminator-mapping-changed", Level::Info),
        ("response-property-discriminator-mapping-deleted", Level::Info),
        ("response-property-discriminator-property-name-changed", Level::Info),
        ("response-property-discriminator-removed", Level::Info),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    let place = Described(change, &k.place);
    let (suffix, message) = match &k.delta {
        Delta::DiscriminatorAdded => (
            "discriminator-added",
            format!("a discriminator was added to {place}"),
        ),
        Delta::DiscriminatorRemoved => (
            "discriminator-removed",
            format!("the discriminator of {place} was removed"),
        ),
        Delta::DiscriminatorPropertyName { before, after } => (
            "discriminator-property-name-changed",
            format!(
                "the discriminator property of {place} was changed from `{before}` to `{after}`"
            ),
        ),
        Delta::DiscriminatorMapping {
            key, before: None, ..
        } => (
            "discriminator-mapping-added",
            format!("the mapping `{key}` was added to the discriminator of {place}"),
        ),
        Delta::DiscriminatorMapping {
            key, after: None, ..
        } => (
            "discriminator-mapping-deleted",
            format!("the mapping `{key}` was deleted from the discriminator of {place}"),
        ),
        Delta::DiscriminatorMapping {
            key,
            before: Some(b),
            after: Some(a),
        } => (
            "discriminator-mapping-changed",
            format!("the discriminator mapping `{key}` of {place} was changed from `{b}` to `{a}`"),
        ),
        _ => return None,
    };
    Some(Hit::new(place_id(&RULE, k, prefix, suffix), message))
}
