use crate::diff::{Change, ChangeKind, HeaderChange};
use crate::findings::Level;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a response header removed (required ones fail, optional ones warn)
    /// and lists one added.
    ///
    /// ## Why is it breaking?
    /// Clients read the headers they were told of: rate limits, locations,
    /// pagination links. A required one removed breaks them; an optional one
    /// removed may.
    ///
    /// ## Example
    /// base: `headers: {X-RateLimit-Limit: {required: true}}` → revision:
    /// `headers: {}`.
    RULE: Rule<Change> = ("response-header", Family::OpenApi, check, [
        ("optional-response-header-removed", Level::Warning),
        ("required-response-header-removed", Level::Error),
        ("response-header-added", Level::Info),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let ChangeKind::ResponseHeader {
        name,
        change: header,
    } = &change.kind
    else {
        return None;
    };
    let status = change.status.as_deref()?;
    match header {
        HeaderChange::Added { .. } => Some(Hit::new(
            "response-header-added",
            format!("the header `{name}` was added to the `{status}` response"),
        )),
        HeaderChange::Removed { required: true } => Some(Hit::new(
            "required-response-header-removed",
            format!("the required header `{name}` was removed from the `{status}` response"),
        )),
        HeaderChange::Removed { required: false } => Some(Hit::new(
            "optional-response-header-removed",
            format!("the optional header `{name}` was removed from the `{status}` response"),
        )),
        HeaderChange::Required { .. } => None,
    }
}
