use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags array positions opened (`items: false` removed, a longer tuple).
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send items old readers reject. Under the
    /// `forward` and `full` modes this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"prefixItems": [{}], "items": false}` → revision `{"prefixItems":
    /// [{}, {}]}`.
    RULE: Rule<Change> = ("items-widened", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(
        change,
        Check::Forward,
        &["items", "prefixItems", "unevaluatedItems"],
    )?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "{} allows more items (a closed position is open now)",
                place(c)
            ),
        )
    })
}
