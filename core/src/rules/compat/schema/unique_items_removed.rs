use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `uniqueItems: true` removed.
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send repeated items that old readers
    /// reject (or deduplicate wrongly). Under the `forward` and `full` modes
    /// this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"uniqueItems": true}` → revision `{}`.
    RULE: Rule<Change> = ("unique-items-removed", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["uniqueItems"])?;
    (!c.open_model).then(|| say(c, &format!("the items of {} may repeat now", place(c))))
}
