use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a schema keyword given a value the JSON Schema specification
    /// does not allow, where the base did not have it: `minLength: -1`,
    /// `maxItems: 2.5`, `multipleOf: 0`, a negative `multipleOf`. Reported
    /// for JSON Schemas and for the schemas of an OpenAPI document.
    ///
    /// ## Why is it breaking?
    /// A schema with such a value is not a valid schema, and validators do
    /// not agree on what it means: one refuses the whole schema, another
    /// ignores the keyword, a third applies the value as written
    /// (`multipleOf: 0` then rejects every number). No verdict about
    /// compatibility can stand on it, so accord reports the value instead
    /// of treating the keyword as absent.
    ///
    /// ## Example
    /// base `{"type": "string"}` → revision `{"type": "string",
    /// "minLength": -1}`.
    RULE: Rule<Change> = ("keyword-value-invalid", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::InvalidKeyword {
            keyword,
            value,
            expected,
        } => Some(format!(
            "`{keyword}: {}` is not a valid schema: `{keyword}` must be {expected}; validators disagree about what such a schema accepts",
            super::shown(Some(value))
        )),
        _ => None,
    }
}
