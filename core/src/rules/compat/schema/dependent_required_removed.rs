use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `dependentRequired` relaxed or removed.
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may omit members old readers require together.
    /// Under the `forward` and `full` modes this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"dependentRequired": {"street": ["city", "postal_code"]}}` →
    /// revision `{"dependentRequired": {"street": ["city"]}}`.
    RULE: Rule<Change> = ("dependent-required-removed", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["dependentRequired"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "when {} has `{}`, it needs fewer members now",
                place(c),
                c.member.as_deref().unwrap_or("?")
            ),
        )
    })
}
