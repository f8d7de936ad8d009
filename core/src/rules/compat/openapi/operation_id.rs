use crate::diff::{Change, ChangeKind, OperationChange};
use crate::findings::Level;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Lists an `operationId` added, removed or changed (a changed one is the old
    /// one removed).
    ///
    /// ## Why it matters
    /// Generated clients name their methods after it: a changed `operationId`
    /// renames a method in every SDK.
    ///
    /// ## Example
    /// base: `operationId: createGroup` → revision: `operationId: newGroup`.
    RULE: Rule<Change> = ("operation-id", Family::OpenApi, check, [
        ("api-operation-id-added", Level::Info),
        ("api-operation-id-removed", Level::Info),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let ChangeKind::Operation(OperationChange::OperationId { before, after }) = &change.kind else {
        return None;
    };
    let op = change.operation.as_ref()?;
    match (before, after) {
        (Some(b), Some(a)) => Some(Hit::new(
            "api-operation-id-removed",
            format!("the operationId of `{op}` was changed from `{b}` to `{a}`"),
        )),
        (Some(b), None) => Some(Hit::new(
            "api-operation-id-removed",
            format!("the operationId `{b}` of `{op}` was removed"),
        )),
        (None, Some(a)) => Some(Hit::new(
            "api-operation-id-added",
            format!("`{op}` got the operationId `{a}`"),
        )),
        (None, None) => None,
    }
}
