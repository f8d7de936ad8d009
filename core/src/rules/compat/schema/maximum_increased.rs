use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{bounds, found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `maximum` or `exclusiveMaximum` that rose (or was removed).
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send numbers above what old readers
    /// accept. Under the `forward` and `full` modes this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"maximum": 99}` → revision `{"maximum": 100}`.
    RULE: Rule<Change> = ("maximum-increased", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["maximum"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!("the upper bound of {} increased ({})", place(c), bounds(c)),
        )
    })
}
