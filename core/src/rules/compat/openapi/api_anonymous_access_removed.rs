use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an operation that could be called without credentials and now
    /// requires them: its security was `[]`, listed an empty requirement
    /// `{}` among its alternatives, or was absent in a document that secures
    /// its other operations; the revision requires a scheme. (accord's own
    /// rule: oasdiff lists the new requirement as `api-security-added`, at
    /// `info`, which stays right where a requirement is added beside one
    /// that was already required.)
    ///
    /// ## Why is it breaking?
    /// Every client that calls the operation anonymously — a public status
    /// page, a webhook sender, a partner without a key — gets `401` from now
    /// on.
    ///
    /// ## Example
    /// base: `get: {security: []}` → revision: `get: {security: [{bearer: []}]}`.
    RULE: Rule<Change> = ("api-anonymous-access-removed", Level::Error, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::AnonymousAccessRemoved { requirements } => {
            let op = change.operation.as_ref()?;
            let needs = match requirements.as_slice() {
                [] => "credentials".to_owned(),
                [one] => format!("`{one}`"),
                many => format!(
                    "one of {}",
                    many.iter()
                        .map(|r| format!("`{r}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            Some(format!(
                "`{op}` could be called without credentials and now requires {needs}: every anonymous client breaks"
            ))
        }
        _ => None,
    }
}
