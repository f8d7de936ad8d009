use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a schema that became `false` (or unsatisfiable) where it accepted
    /// instances.
    ///
    /// ## Why is it breaking?
    /// Every old instance there is rejected. Under the `backward` and `full`
    /// modes this fails the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"properties": {"legacy": {}}}` → revision `{"properties":
    /// {"legacy": false}}`.
    RULE: Rule<Change> = ("schema-narrowed", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["false"])?;
    (!c.open_model).then(|| say(c, &format!("{} accepts nothing now", place(c))))
}
