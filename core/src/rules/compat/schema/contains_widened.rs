use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `contains` relaxed so that arrays the old one rejected are valid.
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send arrays old readers reject. Under the
    /// `forward` and `full` modes this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"contains": {"minimum": 10}}` → revision `{"contains":
    /// {"minimum": 5}}`.
    RULE: Rule<Change> = ("contains-widened", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(
        change,
        Check::Forward,
        &["contains", "minContains", "maxContains"],
    )?;
    (!c.open_model).then(|| say(c, &format!("what {} must contain was relaxed", place(c))))
}
