use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `type` that accepts more JSON types than before (including
    /// `integer` → `number`).
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may produce a type that readers on the old one
    /// reject. Under the `forward` and `full` modes this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"type": "integer"}` → revision `{"type": "number"}`: `1.5` is
    /// valid now.
    RULE: Rule<Change> = ("type-widened", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["type"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!("{} accepts more types (type {})", place(c), from_to(c)),
        )
    })
}
