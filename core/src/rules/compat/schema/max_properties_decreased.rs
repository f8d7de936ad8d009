use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `maxProperties` that fell or appeared.
    ///
    /// ## Why is it breaking?
    /// Old data may hold larger objects. Under the `backward` and `full` modes
    /// this fails the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"maxProperties": 10}` → revision `{"maxProperties": 5}`.
    RULE: Rule<Change> = ("max-properties-decreased", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["maxProperties"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "the maximum number of members of {} decreased ({})",
                place(c),
                from_to(c)
            ),
        )
    })
}
