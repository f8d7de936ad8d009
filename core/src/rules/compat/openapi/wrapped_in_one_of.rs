use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a body schema moved into the members of a new `oneOf`.
    ///
    /// ## Why is it breaking?
    /// A value must now match exactly one member. Where members overlap (they
    /// often do: the same properties, different `required`), values that matched
    /// the old schema match several members and are rejected.
    ///
    /// ## Example
    /// base: `{type: object, properties: {foo, bar}}` → revision:
    /// `oneOf: [{required: [foo], …}, {required: [bar], …}]`.
    RULE: Rule<Change> = ("wrapped-in-one-of", Family::OpenApi, check, [
        ("request-body-wrapped-in-one-of", Level::Error),
        ("response-body-wrapped-in-one-of", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    let place = Described(change, &k.place);
    let (suffix, message) = match &k.delta {
        Delta::WrappedInOneOf => (
            "wrapped-in-one-of",
            format!("{place} was wrapped in a `oneOf`"),
        ),
        _ => return None,
    };
    Some(Hit::new(place_id(&RULE, k, prefix, suffix), message))
}
