use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{bounds, found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `minimum` or `exclusiveMinimum` that fell (or became inclusive,
    /// or was removed).
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send numbers below what old readers
    /// accept. Under the `forward` and `full` modes this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"minimum": 1}` → revision `{"minimum": 0}`.
    RULE: Rule<Change> = ("minimum-decreased", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["minimum"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!("the lower bound of {} decreased ({})", place(c), bounds(c)),
        )
    })
}
