use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a success status (`2XX`) removed from an operation's responses, and
    /// lists other statuses added or removed.
    ///
    /// ## Why is it breaking?
    /// Clients handle the success statuses they were told of: one removed means
    /// the operation now answers differently when it succeeds. Error statuses
    /// come and go with less harm: clients treat unknown errors alike.
    ///
    /// ## Example
    /// base: `responses: {200: …, 201: …}` → revision: `responses: {200: …}`.
    RULE: Rule<Change> = ("status", Family::OpenApi, check, [
        ("response-non-success-status-added", Level::Info),
        ("response-non-success-status-removed", Level::Info),
        ("response-success-status-added", Level::Info),
        ("response-success-status-removed", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let ChangeKind::Response { added } = &change.kind else {
        return None;
    };
    let status = change.status.as_deref()?;
    let op = change.operation.as_ref()?;
    let kind = if status.starts_with('2') {
        "success"
    } else {
        "non-success"
    };
    Some(if *added {
        Hit::new(
            format!("response-{kind}-status-added"),
            format!("the `{status}` response was added to `{op}`"),
        )
    } else {
        Hit::new(
            format!("response-{kind}-status-removed"),
            format!("the `{status}` response was removed from `{op}`"),
        )
    })
}
