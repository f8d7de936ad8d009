//! Rules over JSON Schema changes. Each difference the engine finds is one
//! keyword of the stricter schema rejecting an instance the other accepts;
//! a rule names what that means between base and revision (narrowed under
//! the backward check, widened under the forward one). The mode decides
//! which of them break: the others are listed at `info`, as the changelog.

use serde_json::Value;

use crate::diff::{Change, ChangeKind, Check, SchemaChange};
use crate::rules::Rule;

/// The schema change, if `change` is one found by `check` at one of `keywords`.
pub(crate) fn found<'c>(
    change: &'c Change,
    check: Check,
    keywords: &[&str],
) -> Option<&'c SchemaChange> {
    match &change.kind {
        ChangeKind::Schema(c) if c.check == check && keywords.contains(&c.keyword) => Some(c),
        _ => None,
    }
}

/// Where in the instance: `` `/lines/0/sku` `` or "the instance".
pub(crate) fn place(c: &SchemaChange) -> String {
    if c.path.is_root() {
        "the instance".to_owned()
    } else {
        format!("`{}`", c.path)
    }
}

/// A JSON value in a message, shortened.
pub(crate) fn shown(v: Option<&Value>) -> String {
    match v {
        None => "none".to_owned(),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > 60 {
                format!("{}…", text.chars().take(59).collect::<String>())
            } else {
                text
            }
        }
    }
}

/// The witness as shown: the whole instance when it is short, else the
/// value where the difference is (the rest of the instance is valid on both
/// sides).
pub(crate) fn example(c: &SchemaChange) -> String {
    let whole = c.witness.to_string();
    if whole.chars().count() <= 100 || c.path.is_root() {
        return shown(Some(&c.witness));
    }
    match c.path.lookup(&c.witness) {
        Some(local) => format!(
            "{} (in an instance otherwise valid on both sides)",
            shown(Some(local))
        ),
        None => shown(Some(&c.witness)),
    }
}

/// The message, with the before/after values and the witness.
pub(crate) fn say(c: &SchemaChange, what: &str) -> String {
    let example = example(c);
    match c.check {
        Check::Backward => format!("{what}: {example} was valid before and is rejected now"),
        Check::Forward => format!("{what}: {example} is valid now and was rejected before"),
    }
}

/// "from X to Y" for a keyword whose value changed.
pub(crate) fn from_to(c: &SchemaChange) -> String {
    format!(
        "from {} to {}",
        shown(c.before.as_ref()),
        shown(c.after.as_ref())
    )
}

/// A numeric bound as read: `{"exclusiveMaximum": 100}` → `< 100`,
/// draft-04's `{"maximum": 100, "exclusiveMaximum": true}` too.
pub(crate) fn bound(v: Option<&Value>) -> String {
    let Some(Value::Object(b)) = v else {
        return "none".to_owned();
    };
    let number = |k: &str| b.get(k).filter(|x| x.is_number()).map(ToString::to_string);
    let flag = |k: &str| b.get(k).and_then(Value::as_bool) == Some(true);
    if let Some(x) = number("exclusiveMinimum") {
        return format!("> {x}");
    }
    if let Some(x) = number("exclusiveMaximum") {
        return format!("< {x}");
    }
    match (number("minimum"), number("maximum")) {
        (Some(x), _) if flag("exclusiveMinimum") => format!("> {x}"),
        (Some(x), _) => format!("≥ {x}"),
        (_, Some(x)) if flag("exclusiveMaximum") => format!("< {x}"),
        (_, Some(x)) => format!("≤ {x}"),
        _ => "none".to_owned(),
    }
}

/// "from ≥ 0 to > 0" for a bound that changed.
pub(crate) fn bounds(c: &SchemaChange) -> String {
    format!(
        "from {} to {}",
        bound(c.before.as_ref()),
        bound(c.after.as_ref())
    )
}

/// The rules that judge the schemas of OpenAPI documents too.
pub(crate) static SHARED: &[&Rule<Change>] = &[&keyword_value_invalid::RULE];

mod additional_properties_narrowed;
mod additional_properties_widened;
mod branches_narrowed;
mod branches_widened;
mod compatibility_undecided;
mod contains_narrowed;
mod contains_widened;
mod dependent_required_added;
mod dependent_required_removed;
mod enum_added;
mod enum_removed;
mod enum_value_added;
mod enum_value_removed;
mod format_changed;
mod items_narrowed;
mod items_widened;
mod keyword_value_invalid;
mod max_items_decreased;
mod max_items_increased;
mod max_length_decreased;
mod max_length_increased;
mod max_properties_decreased;
mod max_properties_increased;
mod maximum_decreased;
mod maximum_increased;
mod min_items_decreased;
mod min_items_increased;
mod min_length_decreased;
mod min_length_increased;
mod min_properties_decreased;
mod min_properties_increased;
mod minimum_decreased;
mod minimum_increased;
mod multiple_of_changed;
mod multiple_of_relaxed;
mod pattern_added;
mod pattern_changed;
mod pattern_relaxed;
mod property_added_to_open_model;
mod property_names_narrowed;
mod property_names_widened;
mod property_removed;
mod required_property_added;
mod required_property_removed;
mod schema_narrowed;
mod schema_widened;
mod type_narrowed;
mod type_widened;
mod unique_items_added;
mod unique_items_removed;

crate::rules::rule_table!(
    /// Every JSON Schema rule, sorted by id.
    Change;
    additional_properties_narrowed,
    additional_properties_widened,
    branches_narrowed,
    branches_widened,
    compatibility_undecided,
    contains_narrowed,
    contains_widened,
    dependent_required_added,
    dependent_required_removed,
    enum_added,
    enum_removed,
    enum_value_added,
    enum_value_removed,
    format_changed,
    items_narrowed,
    items_widened,
    keyword_value_invalid,
    max_items_decreased,
    max_items_increased,
    max_length_decreased,
    max_length_increased,
    max_properties_decreased,
    max_properties_increased,
    maximum_decreased,
    maximum_increased,
    min_items_decreased,
    min_items_increased,
    min_length_decreased,
    min_length_increased,
    min_properties_decreased,
    min_properties_increased,
    minimum_decreased,
    minimum_increased,
    multiple_of_changed,
    multiple_of_relaxed,
    pattern_added,
    pattern_changed,
    pattern_relaxed,
    property_added_to_open_model,
    property_names_narrowed,
    property_names_widened,
    property_removed,
    required_property_added,
    required_property_removed,
    schema_narrowed,
    schema_widened,
    type_narrowed,
    type_widened,
    unique_items_added,
    unique_items_removed,
);
