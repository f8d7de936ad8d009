use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `propertyNames` that rejects names it allowed.
    ///
    /// ## Why is it breaking?
    /// Old data may use such names. Under the `backward` and `full` modes this
    /// fails the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"propertyNames": {"maxLength": 20}}` → revision
    /// `{"propertyNames": {"maxLength": 10}}`.
    RULE: Rule<Change> = ("property-names-narrowed", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["propertyNames"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "{} no longer allows the member name `{}`",
                place(c),
                c.member.as_deref().unwrap_or("?")
            ),
        )
    })
}
