use crate::diff::{Change, Delta};
use crate::rules::{Family, declare_rule};

use super::keyword;
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a property added to a request body as required.
    ///
    /// ## Why is it breaking?
    /// Every existing client sends requests without it, and the provider now
    /// rejects them. Read-only properties are exempt: clients never send them.
    ///
    /// ## Example
    /// base: `required: [name]` → revision: `properties: {tax_id: …}`,
    /// `required: [name, tax_id]`.
    RULE: Rule<Change> = ("new-required-request-property", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    let (k, prefix) = keyword(change)?;
    let place = &k.place;
    (prefix == "request-property"
        && matches!(k.delta, Delta::PropertyAdded { has_default: false })
        && place.required == Some(true)
        && !place.read_only)
        .then(|| format!("request property `{}` was added as required", place.path))
}
