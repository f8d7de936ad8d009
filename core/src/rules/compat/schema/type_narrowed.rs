use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `type` that accepts fewer JSON types than before (including
    /// `number` → `integer`).
    ///
    /// ## Why is it breaking?
    /// Data written under the old schema may have a type the new schema
    /// rejects: readers on the new schema fail on old data. Under the
    /// `backward` and `full` modes this fails the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"type": ["string", "null"]}` → revision `{"type": "string"}`:
    /// `null` is rejected now.
    RULE: Rule<Change> = ("type-narrowed", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["type"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "{} no longer accepts some types (type {})",
                place(c),
                from_to(c)
            ),
        )
    })
}
