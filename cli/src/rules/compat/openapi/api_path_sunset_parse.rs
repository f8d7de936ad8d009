use crate::diff::{Change, ChangeKind};
use crate::model::openapi::Removal;
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a removed operation whose base deprecation carries an `x-sunset`
    /// that is not a date (`YYYY-MM-DD` or RFC 3339).
    ///
    /// ## Why is it breaking?
    /// Without a readable sunset date nobody can tell whether clients were given
    /// the promised notice, so the removal cannot be judged safe.
    ///
    /// ## Example
    /// base: `delete: {deprecated: true, x-sunset: next quarter}` → revision: the
    /// operation is gone.
    RULE: Rule<Change> = ("api-path-sunset-parse", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::OperationRemoved { removal: Removal::InvalidSunset(text), .. } => {
            let op = change.operation.as_ref()?;
            Some(format!("`{op}` was removed, and its sunset date `{text}` is not a date (YYYY-MM-DD)"))
        }
        _ => None,
    }
}
