use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a `pattern` added, removed or changed. A new pattern that accepts
    /// every string the old one did is `generalized`.
    ///
    /// ## Why is it breaking?
    /// A new or changed pattern on a request rejects strings clients send. In a
    /// response, a pattern is a promise about what clients receive: changing it
    /// is listed for them.
    ///
    /// ## Example
    /// base: `{type: string}` → revision: `{type: string, pattern: "^[A-Z]{3}$"}`
    /// on a request property.
    RULE: Rule<Change> = ("pattern", Family::OpenApi, check, [
        ("request-parameter-pattern-added"),
        ("request-parameter-pattern-changed", Level::Warning),
        ("request-parameter-pattern-generalized"),
        ("request-parameter-pattern-removed"),
        ("request-property-pattern-added"),
        ("request-property-pattern-changed", Level::Warning),
        ("request-property-pattern-generalized"),
        ("request-property-pattern-removed"),
        ("response-property-pattern-added"),
        ("response-property-pattern-changed", Level::Info),
        ("response-property-pattern-removed"),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    let place = Described(change, &k.place);
    let (suffix, message) = match &k.delta {
        Delta::Pattern {
            before: None,
            after: Some(a),
            ..
        } => ("pattern-added", format!("{place} must now match `{a}`")),
        Delta::Pattern {
            before: Some(b),
            after: None,
            ..
        } => (
            "pattern-removed",
            format!("the pattern `{b}` of {place} was removed"),
        ),
        Delta::Pattern {
            before: Some(b),
            after: Some(a),
            generalized: true,
        } if RULE
            .meta(&place_id(&RULE, k, prefix, "pattern-generalized"))
            .is_some() =>
        {
            (
                "pattern-generalized",
                format!("the pattern of {place} was generalized from `{b}` to `{a}`"),
            )
        }
        Delta::Pattern {
            before: Some(b),
            after: Some(a),
            ..
        } => (
            "pattern-changed",
            format!("the pattern of {place} was changed from `{b}` to `{a}`"),
        ),
        _ => return None,
    };
    Some(Hit::new(place_id(&RULE, k, prefix, suffix), message))
}
