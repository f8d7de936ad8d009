use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a `dependentSchemas` entry (a schema applied when a property is
    /// present) added or removed.
    ///
    /// ## Why is it breaking?
    /// A new entry in a request constrains objects clients send; a removed one in
    /// a response lifts constraints clients relied on.
    ///
    /// ## Example
    /// base: `{}` → revision: `dependentSchemas: {credit_card: {required: [cvv]}}`.
    RULE: Rule<Change> = ("dependent-schema", Family::OpenApi, check, [
        ("request-body-dependent-schema-added", Level::Error),
        ("request-body-dependent-schema-removed", Level::Info),
        ("request-property-dependent-schema-added", Level::Error),
        ("request-property-dependent-schema-removed", Level::Info),
        ("response-body-dependent-schema-added", Level::Info),
        ("response-body-dependent-schema-removed", Level::Error),
        ("response-property-dependent-schema-added", Level::Info),
        ("response-property-dependent-schema-removed", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    let place = Described(change, &k.place);
    let (suffix, message) = match &k.delta {
        Delta::DependentSchema {
            property,
            added: true,
        } => (
            "dependent-schema-added",
            format!("a schema dependent on `{property}` was added to {place}"),
        ),
        Delta::DependentSchema {
            property,
            added: false,
        } => (
            "dependent-schema-removed",
            format!("the schema dependent on `{property}` was removed from {place}"),
        ),
        _ => return None,
    };
    Some(Hit::new(place_id(&RULE, k, prefix, suffix), message))
}
