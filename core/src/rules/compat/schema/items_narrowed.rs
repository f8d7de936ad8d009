use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags array positions that are closed now (`items: false`,
    /// `additionalItems: false`, a shorter tuple).
    ///
    /// ## Why is it breaking?
    /// Old data may hold items at positions the new schema forbids. Under the
    /// `backward` and `full` modes this fails the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"prefixItems": [{}, {}]}` → revision `{"prefixItems": [{}],
    /// "items": false}`.
    RULE: Rule<Change> = ("items-narrowed", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(
        change,
        Check::Backward,
        &["items", "prefixItems", "unevaluatedItems"],
    )?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "{} allows fewer items (a position it allowed is closed now)",
                place(c)
            ),
        )
    })
}
