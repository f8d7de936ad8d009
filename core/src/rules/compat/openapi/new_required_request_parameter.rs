use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a required query, header or cookie parameter added to an operation.
    ///
    /// ## Why is it breaking?
    /// Every existing call lacks it, and the provider now rejects them.
    ///
    /// ## Example
    /// base: `parameters: []` → revision: `parameters: [{name: tenant, in: query, required: true}]`.
    RULE: Rule<Change> = ("new-required-request-parameter", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::ParameterAdded {
            location,
            name,
            required: true,
            path_level: false,
        } if location != "path" => Some(format!(
            "the required {location} parameter `{name}` was added"
        )),
        _ => None,
    }
}
