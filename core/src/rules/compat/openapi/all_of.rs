use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a member added to or removed from `allOf`. Members are matched by the
    /// `$ref` they name, then by equal content, then by position.
    ///
    /// ## Why is it breaking?
    /// A new `allOf` member in a request adds constraints every value must meet;
    /// a removed one in a response lifts constraints clients relied on. Members
    /// holding annotations only (`description`, `title`) constrain nothing and
    /// are listed at `info`.
    ///
    /// ## Example
    /// base: `allOf: [$ref: Dog, $ref: Cat]` → revision: `allOf: [$ref: Dog]`.
    RULE: Rule<Change> = ("all-of", Family::OpenApi, check, [
        ("request-body-all-of-added"),
        ("request-body-all-of-added-annotation-only", Level::Info),
        ("request-body-all-of-removed"),
        ("request-body-all-of-removed-annotation-only", Level::Info),
        ("request-property-all-of-added"),
        ("request-property-all-of-added-annotation-only", Level::Info),
        ("request-property-all-of-removed"),
        ("request-property-all-of-removed-annotation-only", Level::Info),
        ("response-body-all-of-added"),
        ("response-body-all-of-added-annotation-only", Level::Info),
        ("response-body-all-of-removed"),
        ("response-body-all-of-removed-annotation-only", Level::Info),
        ("response-property-all-of-added"),
        ("response-property-all-of-added-annotation-only", Level::Info),
        ("response-property-all-of-removed"),
        ("response-property-all-of-removed-annotation-only", Level::Info),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    let place = Described(change, &k.place);
    let (suffix, message) = match &k.delta {
        Delta::Branch {
            keyword: "allOf",
            label,
            added: true,
            annotation_only,
            ..
        } => (
            if *annotation_only {
                "all-of-added-annotation-only"
            } else {
                "all-of-added"
            },
            format!("`{label}` was added to the `allOf` of {place}"),
        ),
        Delta::Branch {
            keyword: "allOf",
            label,
            added: false,
            annotation_only,
            ..
        } => (
            if *annotation_only {
                "all-of-removed-annotation-only"
            } else {
                "all-of-removed"
            },
            format!("`{label}` was removed from the `allOf` of {place}"),
        ),
        _ => return None,
    };
    Some(Hit::new(place_id(&RULE, k, prefix, suffix), message))
}
