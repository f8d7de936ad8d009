use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a property whose declaration was removed from an open content
    /// model, so that any value is allowed for it now.
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send that member with any value; readers
    /// on the old schema expect its old schema. Under the `forward` and `full`
    /// modes this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"properties": {"bar": {"type": "number"}}}` → revision
    /// `{"properties": {}}`.
    RULE: Rule<Change> = ("property-removed", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["properties"])?;
    (c.open_model).then(|| {
        say(
            c,
            &format!(
                "{} is no longer declared: any value is allowed where the old schema had one",
                place(c)
            ),
        )
    })
}
