use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags members that are not allowed any more (`additionalProperties:
    /// false` added, a property removed from a closed model).
    ///
    /// ## Why is it breaking?
    /// Old data carrying such a member is rejected by readers on the new
    /// schema. Under the `backward` and `full` modes this fails the check;
    /// under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"properties": {"a": {}, "b": {}}, "additionalProperties": false}`
    /// → revision `{"properties": {"a": {}}, "additionalProperties": false}`.
    RULE: Rule<Change> = ("additional-properties-narrowed", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(
        change,
        Check::Backward,
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
                "{} no longer allows member `{}`",
                place(c),
                c.member.as_deref().unwrap_or("?")
            ),
        )
    })
}
