use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::model::openapi::Removal;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Notes a request parameter removed after it was deprecated.
    ///
    /// ## Why it matters
    /// The orderly way to retire a parameter, listed in the changelog.
    ///
    /// ## Example
    /// base: `{in: query, name: status, deprecated: true}` → revision: no `status`.
    RULE: Rule<Change> = ("request-parameter-removed-with-deprecation", Level::Info, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::ParameterRemoved {
            location,
            name,
            removal: Removal::AfterDeprecation,
        } => Some(format!(
            "{location} parameter `{name}` was removed after its deprecation"
        )),
        _ => None,
    }
}
