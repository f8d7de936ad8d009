use crate::diff::{Change, ChangeKind, SchemeChange};
use crate::findings::Level;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Lists changes to `components.securitySchemes`: schemes added or removed,
    /// a scheme's type changed, an OAuth flow's URLs changed, its scopes added,
    /// removed or redescribed.
    ///
    /// ## Why it matters
    /// Clients obtain credentials by these: a new token URL or a changed type
    /// means reconfiguring every client.
    ///
    /// ## Example
    /// base: `tokenUrl: https://auth.example/token` → revision:
    /// `tokenUrl: https://auth.example/oauth2/token`.
    RULE: Rule<Change> = ("security-component", Family::OpenApi, check, [
        ("api-security-component-added", Level::Info),
        ("api-security-component-oauth-scope-added", Level::Info),
        ("api-security-component-oauth-scope-changed", Level::Info),
        ("api-security-component-oauth-scope-removed", Level::Info),
        ("api-security-component-oauth-token-url-changed", Level::Info),
        ("api-security-component-oauth-url-changed", Level::Info),
        ("api-security-component-removed", Level::Info),
        ("api-security-component-type-changed", Level::Info),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let ChangeKind::SecurityScheme {
        name,
        change: scheme,
    } = &change.kind
    else {
        return None;
    };
    Some(match scheme {
        SchemeChange::Added => Hit::new(
            "api-security-component-added",
            format!("the security scheme `{name}` was added"),
        ),
        SchemeChange::Removed => Hit::new(
            "api-security-component-removed",
            format!("the security scheme `{name}` was removed"),
        ),
        SchemeChange::Type { before, after } => Hit::new(
            "api-security-component-type-changed",
            format!(
                "the type of security scheme `{name}` was changed from `{before}` to `{after}`"
            ),
        ),
        SchemeChange::Url {
            flow,
            token,
            before,
            after,
        } => Hit::new(
            if *token {
                "api-security-component-oauth-token-url-changed"
            } else {
                "api-security-component-oauth-url-changed"
            },
            format!(
                "the {} of the `{flow}` flow of security scheme `{name}` was changed from `{}` to `{}`",
                if *token {
                    "tokenUrl"
                } else {
                    "authorizationUrl"
                },
                before.as_deref().unwrap_or_default(),
                after.as_deref().unwrap_or_default()
            ),
        ),
        SchemeChange::Scope {
            flow,
            scope,
            added: true,
        } => Hit::new(
            "api-security-component-oauth-scope-added",
            format!(
                "the scope `{scope}` was added to the `{flow}` flow of security scheme `{name}`"
            ),
        ),
        SchemeChange::Scope {
            flow,
            scope,
            added: false,
        } => Hit::new(
            "api-security-component-oauth-scope-removed",
            format!(
                "the scope `{scope}` was removed from the `{flow}` flow of security scheme `{name}`"
            ),
        ),
        SchemeChange::ScopeChanged { flow, scope } => Hit::new(
            "api-security-component-oauth-scope-changed",
            format!(
                "the description of scope `{scope}` of the `{flow}` flow of security scheme `{name}` changed"
            ),
        ),
    })
}
