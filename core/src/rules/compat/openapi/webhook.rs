use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a webhook (OpenAPI 3.1 `webhooks`) removed, and lists one added.
    ///
    /// ## Why is it breaking?
    /// Subscribers of a removed webhook stop receiving its calls.
    ///
    /// ## Example
    /// base: `webhooks: {invoicePaid: …}` → revision: `webhooks: {}`.
    RULE: Rule<Change> = ("webhook", Family::OpenApi, check, [
        ("webhook-added", Level::Info),
        ("webhook-removed", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let ChangeKind::Webhook { name, added } = &change.kind else {
        return None;
    };
    Some(if *added {
        Hit::new("webhook-added", format!("the webhook `{name}` was added"))
    } else {
        Hit::new(
            "webhook-removed",
            format!("the webhook `{name}` was removed"),
        )
    })
}
