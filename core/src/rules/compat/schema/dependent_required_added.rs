use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `dependentRequired` (or array-valued `dependencies`) that old
    /// instances do not satisfy.
    ///
    /// ## Why is it breaking?
    /// Old data with the trigger member but without the newly dependent ones is
    /// rejected. Under the `backward` and `full` modes this fails the check;
    /// under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{}` → revision `{"dependentRequired": {"street": ["city"]}}`.
    RULE: Rule<Change> = ("dependent-required-added", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["dependentRequired"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "when {} has `{}`, it must have more members now",
                place(c),
                c.member.as_deref().unwrap_or("?")
            ),
        )
    })
}
