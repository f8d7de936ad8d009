use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `minProperties` that fell or was removed.
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send smaller objects than old readers
    /// accept. Under the `forward` and `full` modes this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"minProperties": 2}` → revision `{"minProperties": 1}`.
    RULE: Rule<Change> = ("min-properties-decreased", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["minProperties"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "the minimum number of members of {} decreased ({})",
                place(c),
                from_to(c)
            ),
        )
    })
}
