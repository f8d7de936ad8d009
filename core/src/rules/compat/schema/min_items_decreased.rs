use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `minItems` that fell or was removed.
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send arrays shorter than old readers
    /// accept (an empty order). Under the `forward` and `full` modes this fails
    /// the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"minItems": 1}` → revision `{"minItems": 0}`.
    RULE: Rule<Change> = ("min-items-decreased", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["minItems"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "the minimum number of items of {} decreased ({})",
                place(c),
                from_to(c)
            ),
        )
    })
}
