use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags combinators that accept instances they rejected: a branch added or
    /// widened, a narrower `not`.
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send instances old readers reject. Under
    /// the `forward` and `full` modes this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"anyOf": [{"type": "string"}]}` → revision `{"anyOf": [{"type":
    /// "string"}, {"type": "integer"}]}`.
    RULE: Rule<Change> = ("branches-widened", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["anyOf", "oneOf", "not"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "{} matches alternatives it did not (`{}`)",
                place(c),
                c.keyword
            ),
        )
    })
}
