use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Lists a callback added to an operation, or a URL expression added to
    /// one. (accord's own rule: oasdiff has no callback checks.)
    ///
    /// ## Why it matters
    /// Clients may now receive requests from the provider; those that do
    /// not register for them are unaffected. A changelog entry.
    ///
    /// ## Example
    /// base: `post: {…}` → revision:
    /// `post: {callbacks: {invoicePaid: {'{$request.body#/hookUrl}': …}}}`.
    RULE: Rule<Change> = ("callback-added", Level::Info, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::Callback {
            name,
            expression,
            added: true,
        } => {
            let op = change.operation.as_ref()?;
            Some(match expression {
                Some(e) => format!("the URL `{e}` was added to callback `{name}` of `{op}`"),
                None => format!("the callback `{name}` was added to `{op}`"),
            })
        }
        _ => None,
    }
}
