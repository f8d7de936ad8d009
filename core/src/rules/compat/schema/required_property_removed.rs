use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a property that was required and is optional now.
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may omit it; readers on the old schema require
    /// it. Under the `forward` and `full` modes this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"required": ["id", "email"]}` → revision `{"required": ["id"]}`.
    RULE: Rule<Change> = ("required-property-removed", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["required"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "property `{}` of {} is optional now",
                c.member.as_deref().unwrap_or("?"),
                place(c)
            ),
        )
    })
}
