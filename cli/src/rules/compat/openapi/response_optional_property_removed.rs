use crate::diff::{Change, ChangeKind, Direction};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an optional response property that the revision no longer has.
    ///
    /// ## Why is it breaking?
    /// Clients that read it when present lose the data silently. Optional means
    /// "may be absent", so well-written clients survive; hence a warning.
    ///
    /// ## Example
    /// base: `Account {id, phone?}` → revision: `Account {id}`.
    RULE: Rule<Change> = ("response-optional-property-removed", Level::Warning, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::PropertyRemoved { property, required: false, write_only: false, .. }
            if change.direction == Some(Direction::Response) =>
        {
            Some(format!("optional property `{property}` was removed from the `{}` response", change.status.as_deref()?))
        }
        _ => None,
    }
}
