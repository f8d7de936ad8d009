use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a callback removed from an operation, or one of its URL
    /// expressions. (accord's own rule: oasdiff has no callback checks.)
    ///
    /// ## Why is it breaking?
    /// Clients that registered for the callback wait for requests that no
    /// longer come: an order-status hook that stops firing is an integration
    /// that silently stops syncing.
    ///
    /// ## Example
    /// base: `post: {callbacks: {orderShipped: {'{$request.body#/hookUrl}': …}}}`
    /// → revision: `post: {…}` without `callbacks`.
    RULE: Rule<Change> = ("callback-removed", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::Callback {
            name,
            expression,
            added: false,
        } => {
            let op = change.operation.as_ref()?;
            Some(match expression {
                Some(e) => format!("the URL `{e}` of callback `{name}` of `{op}` was removed"),
                None => format!("the callback `{name}` was removed from `{op}`"),
            })
        }
        _ => None,
    }
}
