use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say, shown};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an `enum` or `const` removed, so that any value of the type is
    /// allowed.
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send values readers on the old schema
    /// never expected. Under the `forward` and `full` modes this fails the
    /// check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"type": "string", "enum": ["EUR", "USD"]}` → revision `{"type":
    /// "string"}`.
    RULE: Rule<Change> = ("enum-removed", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["enum", "const"])?;
    (c.after.is_none() && !c.open_model).then(|| {
        say(
            c,
            &format!(
                "{} is no longer limited to fixed values ({} before)",
                place(c),
                shown(c.before.as_ref())
            ),
        )
    })
}
