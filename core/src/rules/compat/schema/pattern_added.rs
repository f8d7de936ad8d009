use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say, shown};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `pattern` added to strings that had none.
    ///
    /// ## Why is it breaking?
    /// Old data may hold strings that do not match it. Under the `backward` and
    /// `full` modes this fails the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"type": "string"}` → revision `{"type": "string", "pattern":
    /// "^[A-Z]{3}$"}`.
    RULE: Rule<Change> = ("pattern-added", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["pattern"])?;
    (c.before.is_none() && !c.open_model).then(|| {
        say(
            c,
            &format!(
                "{} must match a pattern now ({})",
                place(c),
                shown(c.after.as_ref())
            ),
        )
    })
}
