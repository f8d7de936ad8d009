//! `lint`: the conventions governance rules check, their levels, and the
//! exceptions granted (each with its reason).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::findings::Level;
use crate::model::pointer::JsonPointer;

use super::{ConfigError, Invalid};

/// The governance lint's settings (`lint:` in accord.yaml).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LintSettings {
    /// Rule → its level here, `None` for `off`.
    pub levels: BTreeMap<String, Option<Level>>,
    pub exceptions: Vec<LintException>,
    /// The header that `POST` operations must accept (`Idempotency-Key`).
    pub idempotency_key: Option<String>,
    /// The header every request sends and every success response echoes.
    pub correlation_id: Option<String>,
    /// The APIs are rate-limited: every operation documents `429` with
    /// `Retry-After`.
    pub rate_limited: bool,
    /// How a tenant-scoped operation says which tenant it is for.
    pub tenant: Option<TenantIdentification>,
    /// Where the API's version is.
    pub api_version: Option<ApiVersion>,
    /// The case of schema property names: `camelCase`, `snake_case` or
    /// `PascalCase`.
    pub property_case: Option<String>,
}

/// How operations identify their tenant.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum TenantIdentification {
    /// A request header (`X-Tenant-Id`).
    Header(String),
    /// A path parameter (`tenantId`).
    PathParameter(String),
    /// A claim of the bearer token: the operation must be secured by one.
    Claim(String),
}

/// Where an API carries its version.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ApiVersion {
    /// A `/v2` segment, in the server URL or the path.
    Path(bool),
    /// A request header (`Api-Version`).
    Header(String),
}

/// A rule that does not apply to a subject, a path, or both, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LintException {
    pub rule: String,
    pub subject: Option<String>,
    /// An API path template (`/accounts/{accountId}`).
    pub path: Option<String>,
    pub reason: String,
}

impl LintSettings {
    /// A rule's level here: its own setting, else `default`; `None` when off.
    pub fn level(&self, rule: &str, default: Level) -> Option<Level> {
        self.levels.get(rule).copied().unwrap_or(Some(default))
    }

    /// Whether an exception covers this rule for this subject and path.
    pub fn excepted(&self, rule: &str, subject: Option<&str>, path: Option<&str>) -> bool {
        self.exceptions.iter().any(|e| {
            e.rule == rule
                && e.subject.as_deref().is_none_or(|s| Some(s) == subject)
                && e.path.as_deref().is_none_or(|p| Some(p) == path)
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LintEntry {
    #[serde(default)]
    pub(super) rules: BTreeMap<String, String>,
    #[serde(default)]
    pub(super) exceptions: Vec<ExceptionEntry>,
    #[serde(default)]
    pub(super) idempotency_key: Option<String>,
    #[serde(default)]
    pub(super) correlation_id: Option<String>,
    #[serde(default)]
    pub(super) rate_limited: bool,
    #[serde(default)]
    pub(super) tenant: Option<TenantIdentification>,
    #[serde(default)]
    pub(super) api_version: Option<ApiVersion>,
    #[serde(default)]
    pub(super) property_case: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ExceptionEntry {
    pub(super) rule: String,
    #[serde(default)]
    pub(super) subject: Option<String>,
    #[serde(default)]
    pub(super) path: Option<String>,
    #[serde(default)]
    pub(super) reason: String,
}

/// The `lint` section.
pub(super) fn lint(
    top: &Map<String, Value>,
    invalid: Invalid<'_>,
) -> Result<LintSettings, ConfigError> {
    let root = JsonPointer::root();
    Ok(match top.get("lint") {
        None | Some(Value::Null) => LintSettings::default(),
        Some(value) => {
            let at = root.push("lint");
            let entry: LintEntry = serde_json::from_value(value.clone())
                .map_err(|e| invalid(&at, format!("`lint`: {e}")))?;
            let mut levels = BTreeMap::new();
            for (rule, level) in entry.rules {
                let here = at.push("rules").push(&rule);
                if crate::rules::find(&rule).is_none() {
                    return Err(invalid(
                        &here,
                        format!("`lint.rules`: no rule `{rule}` (`accord rules` lists them)"),
                    ));
                }
                let level = match level.as_str() {
                    "off" => None,
                    other => Some(Level::parse(other).ok_or_else(|| {
                        invalid(
                            &here,
                            format!("`{other}` is not a level: error, warning, info or off"),
                        )
                    })?),
                };
                levels.insert(rule, level);
            }
            let mut exceptions = Vec::new();
            for (index, exception) in entry.exceptions.into_iter().enumerate() {
                let here = at.push("exceptions").push_index(index);
                if crate::rules::find(&exception.rule).is_none() {
                    return Err(invalid(
                        &here,
                        format!("no rule `{}` (`accord rules` lists them)", exception.rule),
                    ));
                }
                if exception.reason.trim().is_empty() {
                    return Err(invalid(&here, "an exception needs a `reason`".to_owned()));
                }
                exceptions.push(LintException {
                    rule: exception.rule,
                    subject: exception.subject,
                    path: exception.path,
                    reason: exception.reason,
                });
            }
            LintSettings {
                levels,
                exceptions,
                idempotency_key: entry.idempotency_key,
                correlation_id: entry.correlation_id,
                rate_limited: entry.rate_limited,
                tenant: entry.tenant,
                api_version: entry.api_version,
                property_case: match entry.property_case {
                    Some(case)
                        if !["camelCase", "snake_case", "PascalCase"].contains(&case.as_str()) =>
                    {
                        return Err(invalid(
                            &at.push("property_case"),
                            format!(
                                "`{case}` is not a case accord knows: camelCase, snake_case or PascalCase"
                            ),
                        ));
                    }
                    case => case,
                },
            }
        }
    })
}
