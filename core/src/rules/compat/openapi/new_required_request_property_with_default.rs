use crate::diff::{Change, Delta};
use crate::rules::{Family, declare_rule};

use super::keyword;
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a property added to a request body as required, with a `default`.
    ///
    /// ## Why is it breaking?
    /// The schema now rejects requests without it, default or not: a `default`
    /// documents what the provider assumes, it does not make the property
    /// optional to a validating provider.
    ///
    /// ## Example
    /// base: `{}` → revision: `properties: {currency: {default: EUR}}`,
    /// `required: [currency]`.
    RULE: Rule<Change> = ("new-required-request-property-with-default", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    let (k, prefix) = keyword(change)?;
    let place = &k.place;
    (prefix == "request-property"
        && matches!(k.delta, Delta::PropertyAdded { has_default: true })
        && place.required == Some(true)
        && !place.read_only)
        .then(|| {
            format!(
                "request property `{}` was added as required, with a default",
                place.path
            )
        })
}
