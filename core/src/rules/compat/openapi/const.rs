use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a `const` added, removed or changed.
    ///
    /// ## Why is it breaking?
    /// A new or changed `const` in a request accepts one value only, rejecting
    /// what clients sent before. In a response, removing or changing it sends
    /// values clients were told would never come.
    ///
    /// ## Example
    /// base: `{type: string}` → revision: `{type: string, const: v2}` on a
    /// request property.
    RULE: Rule<Change> = ("const", Family::OpenApi, check, [
        ("request-body-const-added", Level::Error),
        ("request-body-const-changed", Level::Error),
        ("request-body-const-removed", Level::Info),
        ("request-property-const-added", Level::Error),
        ("request-property-const-changed", Level::Error),
        ("request-property-const-removed", Level::Info),
        ("response-body-const-added", Level::Info),
        ("response-body-const-changed", Level::Error),
        ("response-body-const-removed", Level::Error),
        ("response-property-const-added", Level::Info),
        ("response-property-const-changed", Level::Error),
        ("response-property-const-removed", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    let place = Described(change, &k.place);
    let (suffix, message) = match &k.delta {
        Delta::Const {
            before: None,
            after: Some(a),
        } => (
            "const-added",
            format!("{place} must now be {}", super::shown(a)),
        ),
        Delta::Const {
            before: Some(b),
            after: None,
        } => (
            "const-removed",
            format!("the const {} of {place} was removed", super::shown(b)),
        ),
        Delta::Const {
            before: Some(b),
            after: Some(a),
        } => (
            "const-changed",
            format!(
                "the const of {place} was changed from {} to {}",
                super::shown(b),
                super::shown(a)
            ),
        ),
        _ => return None,
    };
    Some(Hit::new(place_id(&RULE, k, prefix, suffix), message))
}
