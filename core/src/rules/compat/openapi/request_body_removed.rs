use crate::diff::{BodyChange, Change, ChangeKind};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a request body removed from an operation.
    ///
    /// ## Why is it breaking?
    /// Clients still send it: the provider now ignores or rejects what they send.
    ///
    /// ## Example
    /// base: `post: {requestBody: …}` → revision: `post: {responses: …}`.
    RULE: Rule<Change> = ("request-body-removed", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::RequestBody(BodyChange::Removed) => Some(format!(
            "the request body of `{}` was removed",
            change.operation.as_ref()?
        )),
        _ => None,
    }
}
