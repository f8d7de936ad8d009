use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Warns that a `format` (`date-time`, `email`, `uuid`, …) was added,
    /// removed or changed.
    ///
    /// ## Why it matters
    /// JSON Schema treats `format` as an annotation: validators do not
    /// assert it unless told to, so accord's verdict does not change. But
    /// readers that do assert formats (or generate typed code from them)
    /// break on values the old format allowed: `date-time` → `date` turns
    /// `2026-01-31T10:00:00Z` from valid to invalid. accord cannot tell
    /// which kind of reader you have, so it says so.
    ///
    /// ## Example
    /// base `{"type": "string", "format": "date-time"}` → revision
    /// `{"type": "string", "format": "date"}`.
    RULE: Rule<Change> = ("format-changed", Level::Warning, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::FormatChanged {
            path,
            before,
            after,
        } => {
            let place = if path.is_root() {
                "the instance".to_owned()
            } else {
                format!("`{path}`")
            };
            let shown = |f: &Option<String>| {
                f.as_ref()
                    .map_or_else(|| "none".to_owned(), |f| format!("`{f}`"))
            };
            Some(format!(
                "the format of {place} changed from {} to {}; formats are annotations, so this breaks only readers that assert them",
                shown(before),
                shown(after)
            ))
        }
        _ => None,
    }
}
