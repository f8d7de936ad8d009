use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `minLength` that fell or was removed.
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send strings shorter than old readers
    /// accept. Under the `forward` and `full` modes this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"minLength": 3}` → revision `{"minLength": 1}`.
    RULE: Rule<Change> = ("min-length-decreased", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["minLength"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "the minimum length of {} decreased ({})",
                place(c),
                from_to(c)
            ),
        )
    })
}
