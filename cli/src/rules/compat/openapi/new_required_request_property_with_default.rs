use crate::diff::{Change, ChangeKind, Direction};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a property added to a request body as required, though it has a
    /// `default`.
    ///
    /// ## Why is it breaking?
    /// A default does not make a required property optional: a validating
    /// provider still rejects requests without it. Make it optional instead.
    ///
    /// ## Example
    /// base: no `currency` → revision: `currency: {type: string, default: EUR}`
    /// in `required`.
    RULE: Rule<Change> = ("new-required-request-property-with-default", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::PropertyAdded { property, required: true, read_only: false, has_default: true, .. }
            if change.direction == Some(Direction::Request) =>
        {
            Some(format!("request property `{property}` was added as required, with a default"))
        }
        _ => None,
    }
}
