use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `minProperties` that rose or appeared.
    ///
    /// ## Why is it breaking?
    /// Old data may hold smaller objects. Under the `backward` and `full` modes
    /// this fails the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"minProperties": 1}` → revision `{"minProperties": 2}`.
    RULE: Rule<Change> = ("min-properties-increased", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["minProperties"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "the minimum number of members of {} increased ({})",
                place(c),
                from_to(c)
            ),
        )
    })
}
