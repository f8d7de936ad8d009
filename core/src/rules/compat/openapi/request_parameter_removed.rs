use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::model::openapi::Removal;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a request parameter that the revision no longer declares, when it
    /// was not deprecated in the base.
    ///
    /// ## Why is it breaking?
    /// Clients keep sending it; the provider now ignores it (a filter that no
    /// longer filters) or rejects the request. oasdiff rates this a warning
    /// because many servers ignore unknown parameters; accord follows it.
    ///
    /// ## Example
    /// base: `parameters: [{in: query, name: status}]` → revision: no `status`.
    RULE: Rule<Change> = ("request-parameter-removed", Level::Warning, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::ParameterRemoved {
            location,
            name,
            removal: Removal::WithoutDeprecation,
        } => Some(format!("{location} parameter `{name}` was removed")),
        _ => None,
    }
}
