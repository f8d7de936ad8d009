use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags members allowed now that the old schema rejected (a property added
    /// to a closed model, `additionalProperties: false` removed).
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send it; readers on the old, closed schema
    /// reject the whole object. Under the `forward` and `full` modes this fails
    /// the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"properties": {"a": {}}, "additionalProperties": false}` →
    /// revision `{"properties": {"a": {}, "b": {}}, "additionalProperties":
    /// false}`.
    RULE: Rule<Change> = ("additional-properties-widened", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(
        change,
        Check::Forward,
        &[
            "additionalProperties",
            "patternProperties",
            "unevaluatedProperties",
        ],
    )?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "{} allows member `{}` now",
                place(c),
                c.member.as_deref().unwrap_or("?")
            ),
        )
    })
}
