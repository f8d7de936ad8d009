use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a schema that now accepts `null`, or no longer does (`nullable` in
    /// OpenAPI 3.0, `null` in the type list in 3.1).
    ///
    /// ## Why is it breaking?
    /// A request that no longer accepts `null` rejects clients that send it. A
    /// response that may now be `null` breaks clients that read a value there.
    ///
    /// ## Example
    /// base: `{type: string}` → revision: `{type: string, nullable: true}` in a
    /// response.
    RULE: Rule<Change> = ("nullable", Family::OpenApi, check, [
        ("request-body-became-not-nullable", Level::Error),
        ("request-body-became-nullable", Level::Info),
        ("request-parameter-became-not-nullable", Level::Error),
        ("request-parameter-became-nullable", Level::Info),
        ("request-parameter-property-became-not-nullable", Level::Error),
        ("request-parameter-property-became-nullable", Level::Info),
        ("request-property-became-not-nullable", Level::Error),
        ("request-property-became-nullable", Level::Info),
        ("response-body-became-not-nullable", Level::Info),
        ("response-body-became-nullable", Level::Error),
        ("response-header-became-not-nullable", Level::Info),
        ("response-header-became-nullable", Level::Error),
        ("response-property-became-not-nullable", Level::Info),
        ("response-property-became-nullable", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    let place = Described(change, &k.place);
    let (suffix, message) = match &k.delta {
        Delta::Nullable { now: true } => ("became-nullable", format!("{place} became nullable")),
        Delta::Nullable { now: false } => (
            "became-not-nullable",
            format!("{place} is no longer nullable"),
        ),
        _ => return None,
    };
    Some(Hit::new(place_id(&RULE, k, prefix, suffix), message))
}
