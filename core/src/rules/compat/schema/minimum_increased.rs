use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{bounds, found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `minimum` or `exclusiveMinimum` that rose (or became exclusive,
    /// or appeared).
    ///
    /// ## Why is it breaking?
    /// Old data may hold numbers below the new bound. Under the `backward` and
    /// `full` modes this fails the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"minimum": 0}` → revision `{"minimum": 1}`.
    RULE: Rule<Change> = ("minimum-increased", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["minimum"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!("the lower bound of {} increased ({})", place(c), bounds(c)),
        )
    })
}
