use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a change of `contentMediaType`, which says how a string's content is encoded
    /// or what media type it holds.
    ///
    /// ## Why is it breaking?
    /// Both sides must agree on how to decode the string: a client that encodes
    /// or decodes it the old way produces or reads garbage.
    ///
    /// ## Example
    /// base: `{type: string, contentMediaType: image/png}` → revision:
    /// `contentMediaType: image/jpeg`.
    RULE: Rule<Change> = ("content-media-type", Family::OpenApi, check, [
        ("request-body-content-media-type-changed", Level::Error),
        ("request-property-content-media-type-changed", Level::Error),
        ("response-body-content-media-type-changed", Level::Error),
        ("response-property-content-media-type-changed", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    let place = Described(change, &k.place);
    let (suffix, message) = match &k.delta {
        Delta::Content {
            keyword: "contentMediaType",
            before,
            after,
        } => (
            "content-media-type-changed",
            format!(
                "`contentMediaType` of {place} was changed from {} to {}",
                before
                    .as_deref()
                    .map_or("none".to_owned(), |b| format!("`{b}`")),
                after
                    .as_deref()
                    .map_or("none".to_owned(), |a| format!("`{a}`"))
            ),
        ),
        _ => return None,
    };
    Some(Hit::new(place_id(&RULE, k, prefix, suffix), message))
}
