use crate::diff::{Change, ChangeKind, OperationChange};
use crate::findings::Level;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Lists a tag added to or removed from an operation.
    ///
    /// ## Why it matters
    /// Documentation and generated clients group operations by tag.
    ///
    /// ## Example
    /// base: `tags: [accounts]` → revision: `tags: [accounts, crm]`.
    RULE: Rule<Change> = ("tag", Family::OpenApi, check, [
        ("api-tag-added", Level::Info),
        ("api-tag-removed", Level::Info),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let ChangeKind::Operation(OperationChange::Tag { name, added }) = &change.kind else {
        return None;
    };
    let op = change.operation.as_ref()?;
    Some(if *added {
        Hit::new(
            "api-tag-added",
            format!("the tag `{name}` was added to `{op}`"),
        )
    } else {
        Hit::new(
            "api-tag-removed",
            format!("the tag `{name}` was removed from `{op}`"),
        )
    })
}
