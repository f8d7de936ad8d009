use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};

declare_rule! {
    /// ## What it does
    /// Flags a change of the list of types a schema allows, written as a type
    /// array (`type: [string, integer]`) or as `oneOf`/`anyOf` members that each
    /// name one type.
    ///
    /// ## Why is it breaking?
    /// A narrower list in a request rejects values clients send; a wider list in
    /// a response sends values of a type clients do not expect.
    ///
    /// ## Example
    /// base: `oneOf: [{type: string}, {type: integer}]` → revision:
    /// `type: integer` on a request property.
    RULE: Rule<Change> = ("list-of-types", Family::OpenApi, check, [
        ("request-body-list-of-types-narrowed"),
        ("request-body-list-of-types-widened"),
        ("request-parameter-list-of-types-narrowed"),
        ("request-parameter-list-of-types-widened"),
        ("request-parameter-property-list-of-types-narrowed"),
        ("request-parameter-property-list-of-types-widened"),
        ("request-property-list-of-types-narrowed"),
        ("request-property-list-of-types-widened"),
        ("response-body-list-of-types-narrowed"),
        ("response-body-list-of-types-widened"),
        ("response-property-list-of-types-narrowed"),
        ("response-property-list-of-types-widened"),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    let place = Described(change, &k.place);
    let (suffix, message) = match &k.delta {
        Delta::ListOfTypes { before, after } => {
            let (b, a) = (before.names().join(", "), after.names().join(", "));
            if before.contains(*after) {
                (
                    "list-of-types-narrowed",
                    format!("the types of {place} were narrowed from [{b}] to [{a}]"),
                )
            } else if after.contains(*before) {
                (
                    "list-of-types-widened",
                    format!("the types of {place} were widened from [{b}] to [{a}]"),
                )
            } else {
                return None;
            }
        }
        _ => return None,
    };
    Some(Hit::new(place_id(&RULE, k, prefix, suffix), message))
}
