use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `maxLength` that fell or appeared.
    ///
    /// ## Why is it breaking?
    /// Old data may hold strings longer than the new maximum (a name truncated
    /// nowhere, rejected now). Under the `backward` and `full` modes this fails
    /// the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"maxLength": 255}` → revision `{"maxLength": 80}`.
    RULE: Rule<Change> = ("max-length-decreased", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["maxLength"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "the maximum length of {} decreased ({})",
                place(c),
                from_to(c)
            ),
        )
    })
}
