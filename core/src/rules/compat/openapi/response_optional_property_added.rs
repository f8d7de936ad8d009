use crate::diff::{Change, Delta};
use crate::rules::{Family, declare_rule};

use super::keyword;
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Lists a property added to a response as optional.
    ///
    /// ## Why it matters
    /// Clients that ignore unknown properties are unaffected; strict
    /// deserializers may reject it. A changelog entry.
    ///
    /// ## Example
    /// base: `properties: {id}` → revision: `properties: {id, created_at}`.
    RULE: Rule<Change> = ("response-optional-property-added", Level::Info, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    let (k, prefix) = keyword(change)?;
    let place = &k.place;
    (prefix == "response-property"
        && matches!(k.delta, Delta::PropertyAdded { .. })
        && place.required == Some(false)
        && !place.write_only)
        .then(|| {
            format!(
                "optional property `{}` was added to the `{}` response",
                place.path,
                change.status.as_deref().unwrap_or_default()
            )
        })
}
