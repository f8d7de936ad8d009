use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a `default` added, removed or changed.
    ///
    /// ## Why is it breaking?
    /// The default is what the provider assumes when a client leaves the value
    /// out. For a request parameter, changing it changes the behaviour of every
    /// call that omits it. Elsewhere it is listed as a changelog entry.
    ///
    /// ## Example
    /// base: `{name: limit, in: query, schema: {default: 20}}` → revision:
    /// `default: 50`.
    RULE: Rule<Change> = ("default-value", Family::OpenApi, check, [
        ("request-body-default-value-added", Level::Info),
        ("request-body-default-value-changed", Level::Info),
        ("request-body-default-value-removed", Level::Info),
        ("request-parameter-default-value-added", Level::Error),
        ("request-parameter-default-value-changed", Level::Error),
        ("request-parameter-default-value-removed", Level::Error),
        ("request-property-default-value-added", Level::Info),
        ("request-property-default-value-changed", Level::Info),
        ("request-property-default-value-removed", Level::Info),
        ("response-body-default-value-added", Level::Info),
        ("response-body-default-value-changed", Level::Info),
        ("response-body-default-value-removed", Level::Info),
        ("response-property-default-value-added", Level::Info),
        ("response-property-default-value-changed", Level::Info),
        ("response-property-default-value-removed", Level::Info),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    let place = Described(change, &k.place);
    let (suffix, message) = match &k.delta {
        // A required parameter is always sent: its default never applies.
        Delta::Default { .. }
            if prefix == "request-parameter" && k.place.required == Some(true) =>
        {
            return None;
        }
        Delta::Default {
            before: None,
            after: Some(a),
        } => (
            "default-value-added",
            format!("{place} got the default {}", super::shown(a)),
        ),
        Delta::Default {
            before: Some(b),
            after: None,
        } => (
            "default-value-removed",
            format!("the default {} of {place} was removed", super::shown(b)),
        ),
        Delta::Default {
            before: Some(b),
            after: Some(a),
        } => (
            "default-value-changed",
            format!(
                "the default of {place} was changed from {} to {}",
                super::shown(b),
                super::shown(a)
            ),
        ),
        _ => return None,
    };
    Some(Hit::new(place_id(&RULE, k, prefix, suffix), message))
}
