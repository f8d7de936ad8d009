use crate::diff::{Change, Delta};
use crate::rules::{Family, declare_rule};

use super::keyword;
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags an optional property removed from a response.
    ///
    /// ## Why is it breaking?
    /// Clients that read it when present find it never is. Optional means it
    /// may be absent, so oasdiff warns rather than fails.
    ///
    /// ## Example
    /// base: `properties: {id, nickname}` → revision: `properties: {id}`.
    RULE: Rule<Change> = ("response-optional-property-removed", Level::Warning, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    let (k, prefix) = keyword(change)?;
    let place = &k.place;
    (prefix == "response-property"
        && k.delta == Delta::PropertyRemoved
        && place.required == Some(false)
        && !place.write_only)
        .then(|| {
            format!(
                "optional property `{}` was removed from the `{}` response",
                place.path,
                change.status.as_deref().unwrap_or_default()
            )
        })
}
