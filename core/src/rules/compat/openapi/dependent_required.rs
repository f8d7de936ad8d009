use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a `dependentRequired` entry (properties required when another one is
    /// present) added, removed or changed.
    ///
    /// ## Why is it breaking?
    /// A new or changed entry in a request rejects objects clients send without
    /// the dependent properties. In a response, a removed or changed entry means
    /// clients can no longer rely on them being there.
    ///
    /// ## Example
    /// base: `{}` → revision: `dependentRequired: {credit_card: [billing_address]}`
    /// on a request body.
    RULE: Rule<Change> = ("dependent-required", Family::OpenApi, check, [
        ("request-body-dependent-required-added", Level::Error),
        ("request-body-dependent-required-changed", Level::Error),
        ("request-body-dependent-required-removed", Level::Info),
        ("request-property-dependent-required-added", Level::Error),
        ("request-property-dependent-required-changed", Level::Error),
        ("request-property-dependent-required-removed", Level::Info),
        ("response-body-dependent-required-added", Level::Info),
        ("response-body-dependent-required-changed", Level::Error),
        ("response-body-dependent-required-removed", Level::Error),
        ("response-property-dependent-required-added", Level::Info),
        ("response-property-dependent-required-changed", Level::Error),
        ("response-property-dependent-required-removed", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    let place = Described(change, &k.place);
    let (suffix, message) = match &k.delta {
        Delta::DependentRequired {
            property,
            before: None,
            ..
        } => (
            "dependent-required-added",
            format!("{place} requires more properties when `{property}` is present"),
        ),
        Delta::DependentRequired {
            property,
            after: None,
            ..
        } => (
            "dependent-required-removed",
            format!("{place} no longer requires properties when `{property}` is present"),
        ),
        Delta::DependentRequired { property, .. } => (
            "dependent-required-changed",
            format!("the properties {place} requires with `{property}` changed"),
        ),
        _ => return None,
    };
    Some(Hit::new(place_id(&RULE, k, prefix, suffix), message))
}
