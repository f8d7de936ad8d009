use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an `enum` or `const` that no longer allows a value it allowed.
    ///
    /// ## Why is it breaking?
    /// Old data may hold the removed value; readers on the new schema reject
    /// it. Under the `backward` and `full` modes this fails the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"enum": ["draft", "issued", "void"]}` → revision `{"enum":
    /// ["draft", "issued"]}`.
    RULE: Rule<Change> = ("enum-value-removed", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["enum", "const"])?;
    (c.before.is_some() && !c.open_model).then(|| {
        say(
            c,
            &format!("{} allows fewer values (enum {})", place(c), from_to(c)),
        )
    })
}
