use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a property deprecated with an `x-sunset` that is not a date.
    ///
    /// ## Why is it breaking?
    /// Clients and tools cannot tell when the property goes away.
    ///
    /// ## Example
    /// base: `{type: string}` → revision: `{deprecated: true, x-sunset: soon}`.
    RULE: Rule<Change> = ("deprecated-sunset-invalid", Family::OpenApi, check, [
        ("request-property-deprecated-sunset-invalid", Level::Error),
        ("response-property-deprecated-sunset-invalid", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    let place = Described(change, &k.place);
    let (suffix, message) = match &k.delta {
        Delta::Deprecated {
            now: true,
            sunset: Some(text),
            ..
        } if crate::model::date::Date::parse(text).is_none() => (
            "deprecated-sunset-invalid",
            format!("{place} was deprecated with the sunset `{text}`, which is not a date"),
        ),
        _ => return None,
    };
    Some(Hit::new(place_id(&RULE, k, prefix, suffix), message))
}
