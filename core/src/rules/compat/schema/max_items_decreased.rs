use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `maxItems` that fell or appeared.
    ///
    /// ## Why is it breaking?
    /// Old data may hold longer arrays. Under the `backward` and `full` modes
    /// this fails the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"maxItems": 100}` → revision `{"maxItems": 50}`.
    RULE: Rule<Change> = ("max-items-decreased", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["maxItems"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "the maximum number of items of {} decreased ({})",
                place(c),
                from_to(c)
            ),
        )
    })
}
