use crate::diff::{Change, ChangeKind, Check};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Warns that accord could not decide whether the revision accepts
    /// everything the base did (or the reverse), and says why: a pattern it
    /// cannot compare, a combinator too deep to expand, a remote `$ref` it
    /// does not fetch.
    ///
    /// ## Why it matters
    /// "Cannot tell" is never reported as compatible. Review the change by
    /// hand; the message names what stopped the check.
    ///
    /// ## Example
    /// base `{"pattern": "^[a-z]+$"}` → revision `{"pattern": "^[a-z0-9]+$"}`
    /// is decided (the new pattern accepts every old string); patterns with
    /// look-behind are not always.
    RULE: Rule<Change> = ("compatibility-undecided", Level::Warning, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::SchemaUndecided { check, why } => Some(format!(
            "cannot tell whether {}: {why}",
            match check {
                Check::Backward => "the revision accepts everything the base accepted",
                Check::Forward => "the base accepts everything the revision accepts",
            }
        )),
        _ => None,
    }
}
