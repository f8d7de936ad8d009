use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `pattern` changed so that a string that matched the old one does
    /// not match the new one.
    ///
    /// ## Why is it breaking?
    /// Old data may hold such strings. Under the `backward` and `full` modes
    /// this fails the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"pattern": "^[A-Z]{2}$"}` → revision `{"pattern": "^[A-Z]{3}$"}`.
    RULE: Rule<Change> = ("pattern-changed", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["pattern"])?;
    (c.before.is_some() && !c.open_model).then(|| {
        say(
            c,
            &format!("the pattern of {} changed ({})", place(c), from_to(c)),
        )
    })
}
