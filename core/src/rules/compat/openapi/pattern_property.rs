use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a `patternProperties` entry added or removed.
    ///
    /// ## Why is it breaking?
    /// A new entry in a request constrains properties whose names match it; a
    /// removed one in a response lifts constraints clients relied on.
    ///
    /// ## Example
    /// base: `{}` → revision: `patternProperties: {"^x-": {type: string}}`.
    RULE: Rule<Change> = ("pattern-property", Family::OpenApi, check, [
        ("request-body-pattern-property-added", Level::Error),
        ("request-body-pattern-property-removed", Level::Info),
        ("request-property-pattern-property-added", Level::Error),
        ("request-property-pattern-property-removed", Level::Info),
        ("response-body-pattern-property-added", Level::Info),
        ("response-body-pattern-property-removed", Level::Error),
        ("response-property-pattern-property-added", Level::Info),
        ("response-property-pattern-property-removed", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    let place = Described(change, &k.place);
    let (suffix, message) = match &k.delta {
        Delta::PatternProperty {
            pattern,
            added: true,
        } => (
            "pattern-property-added",
            format!("properties of {place} matching `{pattern}` are now constrained"),
        ),
        Delta::PatternProperty {
            pattern,
            added: false,
        } => (
            "pattern-property-removed",
            format!("the constraint on properties of {place} matching `{pattern}` was removed"),
        ),
        _ => return None,
    };
    Some(Hit::new(place_id(&RULE, k, prefix, suffix), message))
}
