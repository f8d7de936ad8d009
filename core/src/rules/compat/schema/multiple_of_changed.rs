use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `multipleOf` that old numbers no longer satisfy (added, or
    /// changed to a non-divisor).
    ///
    /// ## Why is it breaking?
    /// Old data may hold numbers that are not multiples of the new step. Under
    /// the `backward` and `full` modes this fails the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"multipleOf": 10}` → revision `{"multipleOf": 11}`.
    RULE: Rule<Change> = ("multiple-of-changed", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["multipleOf"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "{} must be a multiple of something else now (multipleOf {})",
                place(c),
                from_to(c)
            ),
        )
    })
}
