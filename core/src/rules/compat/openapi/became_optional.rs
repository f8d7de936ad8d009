use crate::diff::{BodyChange, Change, ChangeKind, Delta, HeaderChange, ParameterChange};
use crate::rules::{Family, Hit, declare_rule};

use super::{describe, keyword, place_id};

declare_rule! {
    /// ## What it does
    /// Flags a request body, a parameter, a response header or a property that
    /// became optional.
    ///
    /// ## Why is it breaking?
    /// In a response, clients were promised it every time and may now find it
    /// missing. In a request, clients may now leave it out: a changelog entry.
    ///
    /// ## Example
    /// base: `required: [id, total]` → revision: `required: [id]` in a response.
    RULE: Rule<Change> = ("became-optional", Family::OpenApi, check, [
        ("request-body-became-optional"),
        ("request-parameter-became-optional"),
        ("request-property-became-optional"),
        ("response-header-became-optional"),
        ("response-property-became-optional"),
        ("response-write-only-property-became-optional"),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    match &change.kind {
        ChangeKind::RequestBody(BodyChange::Required { now: false }) => Some(Hit::new(
            "request-body-became-optional",
            format!(
                "the request body of `{}` became optional",
                change.operation.as_ref()?
            ),
        )),
        ChangeKind::Parameter {
            location,
            name,
            change: ParameterChange::Required { now: false },
        } => Some(Hit::new(
            "request-parameter-became-optional",
            format!("{location} parameter `{name}` became optional"),
        )),
        ChangeKind::ResponseHeader {
            name,
            change: HeaderChange::Required { now: false },
        } => Some(Hit::new(
            "response-header-became-optional",
            format!(
                "the header `{name}` of the `{}` response became optional",
                change.status.as_deref()?
            ),
        )),
        ChangeKind::Keyword(_) => {
            let (k, prefix) = keyword(change)?;
            matches!(k.delta, Delta::Required { now: false, .. }).then(|| {
                Hit::new(
                    place_id(&RULE, k, prefix, "became-optional"),
                    format!("{} became optional", describe(change, &k.place)),
                )
            })
        }
        _ => None,
    }
}
