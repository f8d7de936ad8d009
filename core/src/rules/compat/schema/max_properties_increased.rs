use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `maxProperties` that rose or was removed.
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send larger objects than old readers
    /// accept. Under the `forward` and `full` modes this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"maxProperties": 5}` → revision `{"maxProperties": 10}`.
    RULE: Rule<Change> = ("max-properties-increased", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["maxProperties"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "the maximum number of members of {} increased ({})",
                place(c),
                from_to(c)
            ),
        )
    })
}
