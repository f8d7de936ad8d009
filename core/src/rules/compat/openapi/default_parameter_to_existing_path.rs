use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a parameter added to a path item's own `parameters` — for all
    /// of its operations — as required, and lists one added as optional.
    /// (Added to one operation, it is `new-required-request-parameter`.)
    ///
    /// ## Why is it breaking?
    /// Every existing call to every operation of the path lacks it, and a
    /// required one makes the provider reject them all.
    ///
    /// ## Example
    /// base: `/accounts/{id}: {get: …, patch: …}` → revision: the same with
    /// `parameters: [{name: X-Tenant, in: header, required: true}]` on the
    /// path item.
    RULE: Rule<Change> = ("default-parameter-to-existing-path", Family::OpenApi, check, [
        ("new-optional-request-default-parameter-to-existing-path", Level::Info),
        ("new-required-request-default-parameter-to-existing-path", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let ChangeKind::ParameterAdded {
        location,
        name,
        required,
        path_level: true,
    } = &change.kind
    else {
        return None;
    };
    if location == "path" {
        return None;
    }
    let op = change.operation.as_ref()?;
    Some(if *required {
        Hit::new(
            "new-required-request-default-parameter-to-existing-path",
            format!(
                "the required {location} parameter `{name}` was added to every operation of `{}`, `{op}` among them",
                op.path
            ),
        )
    } else {
        Hit::new(
            "new-optional-request-default-parameter-to-existing-path",
            format!(
                "the optional {location} parameter `{name}` was added to every operation of `{}`, `{op}` among them",
                op.path
            ),
        )
    })
}
