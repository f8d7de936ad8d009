use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `maxItems` that rose or was removed.
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send longer arrays than old readers
    /// accept. Under the `forward` and `full` modes this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"maxItems": 50}` → revision `{"maxItems": 100}`.
    RULE: Rule<Change> = ("max-items-increased", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["maxItems"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "the maximum number of items of {} increased ({})",
                place(c),
                from_to(c)
            ),
        )
    })
}
