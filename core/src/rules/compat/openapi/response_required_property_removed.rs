use crate::diff::{Change, Delta};
use crate::rules::{Family, declare_rule};

use super::keyword;
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a required property removed from a response.
    ///
    /// ## Why is it breaking?
    /// Clients were promised it in every response; code that reads it fails.
    ///
    /// ## Example
    /// base: `required: [id, total]` → revision: `properties: {id}`,
    /// `required: [id]`.
    RULE: Rule<Change> = ("response-required-property-removed", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    let (k, prefix) = keyword(change)?;
    let place = &k.place;
    (prefix == "response-property"
        && k.delta == Delta::PropertyRemoved
        && place.required == Some(true)
        && !place.write_only)
        .then(|| {
            format!(
                "required property `{}` was removed from the `{}` response",
                place.path,
                change.status.as_deref().unwrap_or_default()
            )
        })
}
