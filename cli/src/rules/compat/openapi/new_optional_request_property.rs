use crate::diff::{Change, ChangeKind, Direction};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Notes an optional property added to a request body.
    ///
    /// ## Why it matters
    /// Clients may send it; those that do not are unaffected. Listed in the
    /// changelog.
    ///
    /// ## Example
    /// base: `properties: {name}` → revision: `properties: {name, website}`.
    RULE: Rule<Change> = ("new-optional-request-property", Level::Info, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::PropertyAdded { property, required: false, read_only: false, .. }
            if change.direction == Some(Direction::Request) =>
        {
            Some(format!("request property `{property}` was added"))
        }
        _ => None,
    }
}
