use crate::diff::{Change, Delta};
use crate::rules::{Family, declare_rule};

use super::keyword;
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a property added as required to the object schema of a header
    /// parameter.
    ///
    /// ## Why is it breaking?
    /// Clients send the header without it, and the provider now rejects them.
    ///
    /// ## Example
    /// base: header `X-Context: {type: object, properties: {tenant}}` →
    /// revision: `required: [tenant, course]`.
    RULE: Rule<Change> = ("new-required-request-header-property", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    let (k, prefix) = keyword(change)?;
    let place = &k.place;
    (prefix == "request-header-property"
        && matches!(k.delta, Delta::PropertyAdded { .. })
        && place.required == Some(true))
    .then(|| {
        format!(
            "property `{}` was added as required to a request header",
            place.path
        )
    })
}
