use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};

declare_rule! {
    /// ## What it does
    /// Flags a member added to or removed from `anyOf`. Members are matched by the
    /// `$ref` they name, then by equal content, then by position.
    ///
    /// ## Why is it breaking?
    /// A removed `anyOf` member in a request rejects values only it accepted; a
    /// new member in a response sends values of a shape clients do not expect.
    ///
    /// ## Example
    /// base: `anyOf: [$ref: Dog, $ref: Cat]` → revision: `anyOf: [$ref: Dog]`.
    RULE: Rule<Change> = ("any-of", Family::OpenApi, check, [
        ("request-body-any-of-added"),
        ("request-body-any-of-removed"),
        ("request-property-any-of-added"),
        ("request-property-any-of-removed"),
        ("response-body-any-of-added"),
        ("response-body-any-of-removed"),
        ("response-property-any-of-added"),
        ("response-property-any-of-removed"),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    let place = Described(change, &k.place);
    let (suffix, message) = match &k.delta {
        Delta::Branch {
            keyword: "anyOf",
            label,
            added: true,
            annotation_only,
            ..
        } => (
            if *annotation_only {
                "any-of-added-annotation-only"
            } else {
                "any-of-added"
            },
            format!("`{label}` was added to the `anyOf` of {place}"),
        ),
        Delta::Branch {
            keyword: "anyOf",
            label,
            added: false,
            annotation_only,
            ..
        } => (
            if *annotation_only {
                "any-of-removed-annotation-only"
            } else {
                "any-of-removed"
            },
            format!("`{label}` was removed from the `anyOf` of {place}"),
        ),
        _ => return None,
    };
    Some(Hit::new(place_id(&RULE, k, prefix, suffix), message))
}
