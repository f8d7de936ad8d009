use crate::diff::{Change, Delta};
use crate::rules::{Family, declare_rule};

use super::keyword;
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Lists a write-only required property removed from a response schema.
    ///
    /// ## Why it matters
    /// Write-only properties are never sent in responses: clients see no change.
    ///
    /// ## Example
    /// base: `properties: {id, password: {writeOnly: true}}` → revision: `properties: {id}`.
    RULE: Rule<Change> = ("response-required-write-only-property-removed", Level::Info, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    let (k, prefix) = keyword(change)?;
    let place = &k.place;
    (prefix == "response-property"
        && k.delta == Delta::PropertyRemoved
        && place.required == Some(true)
        && place.write_only)
        .then(|| {
            format!(
                "required write-only property `{}` was removed from the `{}` response schema",
                place.path,
                change.status.as_deref().unwrap_or_default()
            )
        })
}
