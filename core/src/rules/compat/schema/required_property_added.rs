use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a property that old instances could omit and new ones must have.
    ///
    /// ## Why is it breaking?
    /// Old data without the property is rejected by readers on the new schema.
    /// Under the `backward` and `full` modes this fails the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"required": ["id"]}` → revision `{"required": ["id", "tax_id"]}`.
    RULE: Rule<Change> = ("required-property-added", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["required"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "property `{}` of {} is required now",
                c.member.as_deref().unwrap_or("?"),
                place(c)
            ),
        )
    })
}
