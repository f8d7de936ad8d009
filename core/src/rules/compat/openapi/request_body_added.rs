use crate::diff::{BodyChange, Change, ChangeKind};
use crate::findings::Level;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a request body added to an operation as required, and lists one
    /// added as optional.
    ///
    /// ## Why is it breaking?
    /// Clients call the operation without a body; a required one rejects them.
    ///
    /// ## Example
    /// base: `post: {responses: …}` → revision: `post: {requestBody: {required: true, …}}`.
    RULE: Rule<Change> = ("request-body-added", Family::OpenApi, check, [
        ("request-body-added-optional", Level::Info),
        ("request-body-added-required", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let ChangeKind::RequestBody(BodyChange::Added { required }) = &change.kind else {
        return None;
    };
    let op = change.operation.as_ref()?;
    Some(if *required {
        Hit::new(
            "request-body-added-required",
            format!("a required request body was added to `{op}`"),
        )
    } else {
        Hit::new(
            "request-body-added-optional",
            format!("an optional request body was added to `{op}`"),
        )
    })
}
