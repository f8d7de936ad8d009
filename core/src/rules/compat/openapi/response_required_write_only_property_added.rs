use crate::diff::{Change, Delta};
use crate::rules::{Family, declare_rule};

use super::keyword;
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Lists a write-only property added to a response schema as required.
    ///
    /// ## Why it matters
    /// Write-only properties are never sent in responses: clients see no change.
    ///
    /// ## Example
    /// base: `properties: {id}` → revision: `properties: {id, password: {writeOnly: true}}`.
    RULE: Rule<Change> = ("response-required-write-only-property-added", Level::Info, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    let (k, prefix) = keyword(change)?;
    let place = &k.place;
    (prefix == "response-property"
        && matches!(k.delta, Delta::PropertyAdded { .. })
        && place.required == Some(true)
        && place.write_only)
        .then(|| {
            format!(
                "required write-only property `{}` was added to the `{}` response schema",
                place.path,
                change.status.as_deref().unwrap_or_default()
            )
        })
}
