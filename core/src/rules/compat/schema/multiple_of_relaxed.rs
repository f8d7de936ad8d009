use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `multipleOf` removed or changed so that numbers the old step
    /// rejected are valid.
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send numbers old readers reject. Under the
    /// `forward` and `full` modes this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"multipleOf": 10}` → revision `{"multipleOf": 5}`.
    RULE: Rule<Change> = ("multiple-of-relaxed", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["multipleOf"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "{} accepts numbers that are not multiples of the old step (multipleOf {})",
                place(c),
                from_to(c)
            ),
        )
    })
}
