use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `contains` (with `minContains`/`maxContains`) that old arrays no
    /// longer satisfy.
    ///
    /// ## Why is it breaking?
    /// Old data may hold arrays without enough (or with too many) matching
    /// items. Under the `backward` and `full` modes this fails the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"contains": {"minimum": 5}}` → revision `{"contains": {"minimum":
    /// 10}}`.
    RULE: Rule<Change> = ("contains-narrowed", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(
        change,
        Check::Backward,
        &["contains", "minContains", "maxContains"],
    )?;
    (!c.open_model).then(|| say(c, &format!("what {} must contain changed", place(c))))
}
