use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{bounds, found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `maximum` or `exclusiveMaximum` that fell (or became exclusive,
    /// or appeared).
    ///
    /// ## Why is it breaking?
    /// Old data may hold numbers above the new bound. Under the `backward` and
    /// `full` modes this fails the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"maximum": 100}` → revision `{"maximum": 99}`.
    RULE: Rule<Change> = ("maximum-decreased", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["maximum"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!("the upper bound of {} decreased ({})", place(c), bounds(c)),
        )
    })
}
