use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a change of `contentEncoding`, which says how a string's content is encoded
    /// or what media type it holds.
    ///
    /// ## Why is it breaking?
    /// Both sides must agree on how to decode the string: a client that encodes
    /// or decodes it the old way produces or reads garbage.
    ///
    /// ## Example
    /// base: `{type: string, contentEncoding: base64}` → revision:
    /// `contentEncoding: base32`.
    RULE: Rule<Change> = ("content-encoding", Family::OpenApi, check, [
        ("request-body-content-encoding-changed", Level::Error),
        ("request-property-content-encoding-changed", Level::Error),
        ("response-body-content-encoding-changed", Level::Error),
        ("response-property-content-encoding-changed", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    let place = Described(change, &k.place);
    let (suffix, message) = match &k.delta {
        Delta::Content {
            keyword: "contentEncoding",
            before,
            after,
        } => (
            "content-encoding-changed",
            format!(
                "`contentEncoding` of {place} was changed from {} to {}",
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
