use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, from_to, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `pattern` removed or changed so that strings the old one
    /// rejected are valid.
    ///
    /// ## Why is it breaking?
    /// Writers on the new schema may send strings old readers reject. Under the
    /// `forward` and `full` modes this fails the check; under
    /// `backward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"pattern": "^[A-Z]{3}$"}` → revision `{"type": "string"}`.
    RULE: Rule<Change> = ("pattern-relaxed", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Forward, &["pattern"])?;
    (!c.open_model).then(|| {
        say(
            c,
            &format!(
                "the pattern of {} accepts more strings ({})",
                place(c),
                from_to(c)
            ),
        )
    })
}
