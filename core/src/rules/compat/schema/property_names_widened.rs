use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `propertyNames` that allows names it rejected.
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may use names old readers reject. Under the
    /// `forward` and `full` modes this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"propertyNames": {"enum": ["a"]}}` → revision `{"propertyNames":
    /// {"enum": ["a", "b"]}}`.
    RULE: Rule<Change> = ("property-names-widened", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["propertyNames"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "{} allows the member name `{}` now",
                place(c),
                c.member.as_deref().unwrap_or("?")
            ),
        )
    })
}
