use crate::diff::{Change, Delta};
use crate::rules::{Family, declare_rule};

use super::keyword;
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Lists a property added to a request body as optional.
    ///
    /// ## Why it matters
    /// Existing clients keep working; new clients may send it. A changelog entry.
    ///
    /// ## Example
    /// base: `properties: {name}` → revision: `properties: {name, note}`.
    RULE: Rule<Change> = ("new-optional-request-property", Level::Info, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    let (k, prefix) = keyword(change)?;
    let place = &k.place;
    (prefix == "request-property"
        && matches!(k.delta, Delta::PropertyAdded { .. })
        && place.required == Some(false)
        && !place.read_only)
        .then(|| format!("request property `{}` was added", place.path))
}
