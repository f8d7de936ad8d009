use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `minLength` that rose or appeared.
    ///
    /// ## Why is it breaking?
    /// Old data may hold strings shorter than the new minimum. Under the
    /// `backward` and `full` modes this fails the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"minLength": 1}` → revision `{"minLength": 3}`.
    RULE: Rule<Change> = ("min-length-increased", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["minLength"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "the minimum length of {} increased ({})",
                place(c),
                from_to(c)
            ),
        )
    })
}
