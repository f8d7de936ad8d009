use crate::diff::{Change, Delta};
use crate::rules::{Family, declare_rule};

use super::keyword;
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a property removed from a request body.
    ///
    /// ## Why is it breaking?
    /// Clients still send it. A provider that rejects unknown properties now
    /// rejects their requests; one that ignores them silently drops the value.
    ///
    /// ## Example
    /// base: `properties: {name, note}` → revision: `properties: {name}`.
    RULE: Rule<Change> = ("request-property-removed", Level::Warning, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    let (k, prefix) = keyword(change)?;
    let place = &k.place;
    (prefix == "request-property" && k.delta == Delta::PropertyRemoved)
        .then(|| format!("request property `{}` was removed", place.path))
}
