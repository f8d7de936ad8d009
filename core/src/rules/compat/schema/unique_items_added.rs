use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `uniqueItems: true` added.
    ///
    /// ## Why is it breaking?
    /// Old data may hold arrays with repeated items. Under the `backward` and
    /// `full` modes this fails the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"type": "array"}` → revision `{"type": "array", "uniqueItems":
    /// true}`.
    RULE: Rule<Change> = ("unique-items-added", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["uniqueItems"])?;
    (!c.open_model).then(|| say(c, &format!("the items of {} must be unique now", place(c))))
}
