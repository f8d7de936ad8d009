use crate::diff::{BodyChange, Change, ChangeKind, Delta, ParameterChange};
use crate::rules::{Family, Hit, declare_rule};

use super::{describe, keyword, place_id};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a request body, a parameter or a property that became required.
    ///
    /// ## Why is it breaking?
    /// In a request, clients that leave it out are now rejected, with a default
    /// or not. In a response it is a promise that it will always be there: a
    /// changelog entry.
    ///
    /// ## Example
    /// base: `required: [name]` → revision: `required: [name, email]` in a
    /// request body.
    RULE: Rule<Change> = ("became-required", Family::OpenApi, check, [
        ("request-body-became-required"),
        ("request-header-property-became-required"),
        ("request-parameter-became-required"),
        ("request-property-became-required"),
        ("request-property-became-required-with-default", Level::Error),
        ("response-property-became-required"),
        ("response-write-only-property-became-required"),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    match &change.kind {
        ChangeKind::RequestBody(BodyChange::Required { now: true }) => Some(Hit::new(
            "request-body-became-required",
            format!(
                "the request body of `{}` became required",
                change.operation.as_ref()?
            ),
        )),
        ChangeKind::Parameter {
            location,
            name,
            change: ParameterChange::Required { now: true },
        } => Some(Hit::new(
            "request-parameter-became-required",
            format!("{location} parameter `{name}` became required"),
        )),
        ChangeKind::Keyword(_) => {
            let (k, prefix) = keyword(change)?;
            let Delta::Required {
                now: true,
                has_default,
            } = &k.delta
            else {
                return None;
            };
            // Clients never send a read-only property.
            if prefix.starts_with("request") && k.place.read_only {
                return None;
            }
            let suffix = if *has_default && prefix.starts_with("request") {
                "became-required-with-default"
            } else {
                "became-required"
            };
            Some(Hit::new(
                place_id(&RULE, k, prefix, suffix),
                format!("{} became required", describe(change, &k.place)),
            ))
        }
        _ => None,
    }
}
