use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an `enum` or `const` that allows a value it did not.
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send the new value; readers on the old
    /// schema (a `switch` over the known values) reject or mishandle it. Under
    /// the `forward` and `full` modes this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"enum": ["draft", "issued"]}` → revision `{"enum": ["draft",
    /// "issued", "void"]}`.
    RULE: Rule<Change> = ("enum-value-added", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["enum", "const"])?;
    (c.after.is_some() && !c.open_model).then(|| {
        say(
            c,
            &format!("{} allows more values (enum {})", place(c), from_to(c)),
        )
    })
}
