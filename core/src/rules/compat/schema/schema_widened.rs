use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `false` schema replaced by one that accepts instances.
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send what old readers reject outright.
    /// Under the `forward` and `full` modes this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"properties": {"legacy": false}}` → revision `{"properties":
    /// {"legacy": {}}}`.
    RULE: Rule<Change> = ("schema-widened", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["false"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!("{} accepts instances now where it accepted none", place(c)),
        )
    })
}
