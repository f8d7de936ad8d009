use crate::diff::{Change, ChangeKind, Direction};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a property added to a request body as required.
    ///
    /// ## Why is it breaking?
    /// Every existing client sends requests without it, and the provider now
    /// rejects them. Read-only properties are exempt: clients never send them.
    ///
    /// ## Example
    /// base: `required: [name]` → revision: `properties: {tax_id: …}`,
    /// `required: [name, tax_id]`.
    RULE: Rule<Change> = ("new-required-request-property", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::PropertyAdded { property, required: true, read_only: false, has_default: false, .. }
            if change.direction == Some(Direction::Request) =>
        {
            Some(format!("request property `{property}` was added as required"))
        }
        _ => None,
    }
}
