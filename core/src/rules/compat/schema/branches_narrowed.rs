use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags combinators (`anyOf`, `oneOf`, `not`, `if`/`then`/`else`) that
    /// reject instances they accepted: a branch removed or narrowed, a `oneOf`
    /// whose branches overlap now, a wider `not`.
    ///
    /// ## Why is it breaking?
    /// Old data may match none of the new alternatives (or, for `oneOf`,
    /// several). Under the `backward` and `full` modes this fails the check;
    /// under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"oneOf": [{"type": "string"}, {"type": "integer"}]}` → revision
    /// `{"oneOf": [{"type": "string"}]}`.
    RULE: Rule<Change> = ("branches-narrowed", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["anyOf", "oneOf", "not"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "{} matches none of the alternatives it matched (`{}`)",
                place(c),
                c.keyword
            ),
        )
    })
}
