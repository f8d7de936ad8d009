use crate::diff::{Change, ChangeKind, OperationChange};
use crate::findings::Level;
use crate::model::date::Date;
use crate::model::openapi::Removal;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a deprecated operation whose `x-sunset` is not a date
    /// (`YYYY-MM-DD` or RFC 3339): removed with it, or its sunset changed to
    /// or from such a value.
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
    let invalid = |s: &Option<String>| s.as_deref().is_some_and(|s| Date::parse(s).is_none());
    match &change.kind {
        ChangeKind::OperationRemoved {
            removal: Removal::InvalidSunset(text),
            ..
        } => {
            let op = change.operation.as_ref()?;
            Some(format!(
                "`{op}` was removed, and its sunset date `{text}` is not a date (YYYY-MM-DD)"
            ))
        }
        ChangeKind::Operation(OperationChange::Sunset { before, after, .. })
            if invalid(before) || invalid(after) =>
        {
            Some(format!(
                "the sunset of deprecated `{}` changed from `{}` to `{}`: one of them is not a date",
                change.operation.as_ref()?,
                before.as_deref().unwrap_or("none"),
                after.as_deref().unwrap_or("none")
            ))
        }
        _ => None,
    }
}
