use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `maxLength` that rose or was removed.
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send strings longer than old readers (and
    /// their database columns) accept. Under the `forward` and `full` modes
    /// this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"maxLength": 80}` → revision `{"maxLength": 255}`.
    RULE: Rule<Change> = ("max-length-increased", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["maxLength"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "the maximum length of {} increased ({})",
                place(c),
                from_to(c)
            ),
        )
    })
}
