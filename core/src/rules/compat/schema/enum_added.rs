use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say, shown};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an `enum` or `const` added where any value of the type was allowed.
    ///
    /// ## Why is it breaking?
    /// Old data may hold any value; readers on the new schema accept only the
    /// listed ones. Under the `backward` and `full` modes this fails the check;
    /// under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"type": "string"}` → revision `{"type": "string", "enum": ["EUR",
    /// "USD"]}`.
    RULE: Rule<Change> = ("enum-added", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["enum", "const"])?;
    (c.before.is_none() && !c.open_model).then(|| {
        say(
            c,
            &format!(
                "{} is now limited to fixed values ({})",
                place(c),
                shown(c.after.as_ref())
            ),
        )
    })
}
