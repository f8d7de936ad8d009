use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Lists security requirements (a set of schemes, with their scopes) added to
    /// or removed from an operation or the whole API, and scopes added to or
    /// removed from a requirement both sides have.
    ///
    /// ## Why it matters
    /// Security requirements are alternatives: a new one gives clients another
    /// way in, a removed one takes one away, a new scope asks clients for more.
    /// oasdiff lists these at `info`; raise them with a severity-override file
    /// where your gateway enforces them.
    ///
    /// ## Example
    /// base: `security: [{oauth: [read]}]` → revision: `security: [{oauth: [read, write]}]`.
    RULE: Rule<Change> = ("security", Family::OpenApi, check, [
        ("api-global-security-added", Level::Info),
        ("api-global-security-removed", Level::Info),
        ("api-global-security-scope-added", Level::Info),
        ("api-global-security-scope-removed", Level::Info),
        ("api-security-added", Level::Info),
        ("api-security-removed", Level::Info),
        ("api-security-scope-added", Level::Info),
        ("api-security-scope-removed", Level::Info),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (scope, what, message_target) = match &change.kind {
        ChangeKind::Security { scheme, added, .. } => (
            false,
            *added,
            format!("the security requirement `{scheme}`"),
        ),
        ChangeKind::SecurityScope {
            scheme,
            scope,
            added,
        } => (
            true,
            *added,
            format!("the scope `{scope}` of security scheme `{scheme}`"),
        ),
        _ => return None,
    };
    let (target, id_prefix) = match &change.operation {
        Some(op) => (format!("`{op}`"), "api-security"),
        None => ("the API".to_owned(), "api-global-security"),
    };
    let suffix = match (scope, what) {
        (false, true) => "added",
        (false, false) => "removed",
        (true, true) => "scope-added",
        (true, false) => "scope-removed",
    };
    let verb = if what { "added to" } else { "removed from" };
    Some(Hit::new(
        format!("{id_prefix}-{suffix}"),
        format!("{message_target} was {verb} {target}"),
    ))
}
