use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Lists an optional parameter added to an operation.
    ///
    /// ## Why it matters
    /// Existing calls keep working; new ones may send it. A changelog entry.
    ///
    /// ## Example
    /// base: `parameters: []` → revision: `parameters: [{name: limit, in: query}]`.
    RULE: Rule<Change> = ("new-optional-request-parameter", Level::Info, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::ParameterAdded {
            location,
            name,
            required: false,
            path_level: false,
        } if location != "path" => Some(format!(
            "the optional {location} parameter `{name}` was added"
        )),
        _ => None,
    }
}
