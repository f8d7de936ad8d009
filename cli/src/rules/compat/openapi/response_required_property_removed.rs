use crate::diff::{Change, ChangeKind, Direction};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a property that a response declared as required and the revision
    /// no longer has. (oasdiff's name; some call it `response-property-removed`.)
    ///
    /// ## Why is it breaking?
    /// Clients rely on a required property being there; its absence breaks
    /// deserialisation or the logic that reads it.
    ///
    /// ## Example
    /// base: `Account {id, email}` with `required: [id, email]` → revision:
    /// `Account {id}`.
    RULE: Rule<Change> = ("response-required-property-removed", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::PropertyRemoved { property, required: true, write_only: false, .. }
            if change.direction == Some(Direction::Response) =>
        {
            Some(format!("required property `{property}` was removed from the `{}` response", change.status.as_deref()?))
        }
        _ => None,
    }
}
