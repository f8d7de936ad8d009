use crate::diff::{Change, Delta};
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};

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
        ("request-body-became-not-nullable"),
        ("request-body-became-nullable"),
        ("request-parameter-became-not-nullable"),
        ("request-parameter-became-nullable"),
        ("request-parameter-property-became-not-nullable"),
        ("request-parameter-property-became-nullable"),
        ("request-property-became-not-nullable"),
        ("request-property-became-nullable"),
        ("response-body-became-not-nullable"),
        ("response-body-became-nullable"),
        ("response-header-became-not-nullable"),
        ("response-header-became-nullable"),
        ("response-property-became-not-nullable"),
        ("response-property-became-nullable"),
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
