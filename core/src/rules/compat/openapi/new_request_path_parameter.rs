use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a path parameter added to an operation whose path matched before.
    ///
    /// ## Why is it breaking?
    /// The URLs clients call no longer carry it: they match no operation, or the
    /// wrong one.
    ///
    /// ## Example
    /// base: `/accounts/{id}` with one path parameter → revision: the same path
    /// with a new `in: path` parameter.
    RULE: Rule<Change> = ("new-request-path-parameter", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::ParameterAdded { location, name, .. } if location == "path" => {
            Some(format!("the path parameter `{name}` was added"))
        }
        _ => None,
    }
}
