use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};

declare_rule! {
    /// ## What it does
    /// Flags a member added to or removed from `oneOf`. Members are matched by the
    /// `$ref` they name, then by equal content, then by position.
    ///
    /// ## Why is it breaking?
    /// A removed `oneOf` member in a request rejects values only it accepted; a
    /// new member in a response sends values of a shape clients do not expect.
    ///
    /// ## Example
    /// base: `oneOf: [$ref: Dog, $ref: Cat]` → revision: `oneOf: [$ref: Dog]`.
    RULE: Rule<Change> = ("one-of", Family::OpenApi, check, [
        ("request-body-one-of-added"),
        ("request-body-one-of-removed"),
        ("request-property-one-of-added"),
        ("request-property-one-of-removed"),
        ("response-body-one-of-added"),
        ("response-body-one-of-removed"),
        ("response-property-one-of-added"),
        ("response-property-one-of-removed"),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    let place = Described(change, &k.place);
    let (suffix, message) = match &k.delta {
        Delta::Branch {
            keyword: "oneOf",
            label,
            added: true,
            annotation_only,
            ..
        } => (
            if *annotation_only {
                "one-of-added-annotation-only"
            } else {
                "one-of-added"
            },
            format!("`{label}` was added to the `oneOf` of {place}"),
        ),
        Delta::Branch {
            keyword: "oneOf",
            label,
            added: false,
            annotation_only,
            ..
        } => (
            if *annotation_only {
                "one-of-removed-annotation-only"
            } else {
                "one-of-removed"
            },
            format!("`{label}` was removed from the `oneOf` of {place}"),
        ),
        _ => return None,
    };
    Some(Hit::new(place_id(&RULE, k, prefix, suffix), message))
}
