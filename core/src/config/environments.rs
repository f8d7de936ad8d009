//! `environments`: where the live systems are, whose credentials to send
//! (by the names of environment variables), how gently, and what to record.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::model::pointer::JsonPointer;

use super::subjects::{System, TenantEntry};
use super::{ConfigError, Invalid, entries};

impl Default for Auth {
    fn default() -> Self {
        Self {
            header: "Authorization".to_owned(),
            scheme: "Bearer".to_owned(),
        }
    }
}

/// How a system's credentials are sent: `<header>: <scheme> <value>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Auth {
    pub header: String,
    /// `Bearer` by default; empty for the bare value (an API key header).
    pub scheme: String,
}

/// A request to record, listed in an environment (`requests`).
#[derive(Clone, Debug, PartialEq)]
pub struct ListedRequest {
    /// The fixture id it is recorded as (and its file name).
    pub id: String,
    pub system: String,
    pub tenant: Option<String>,
    pub request: crate::fixtures::Request,
}

/// One environment: where each system is, whose credentials to send (by
/// the names of environment variables, never values), and how gently.
#[derive(Clone, Debug, PartialEq)]
pub struct Environment {
    pub name: String,
    /// System → base URL.
    pub base_urls: BTreeMap<String, String>,
    /// Tenant → system → the environment variable holding its token.
    pub credentials: BTreeMap<String, BTreeMap<String, String>>,
    /// Methods that may be sent (upper case). Default: GET, HEAD, OPTIONS.
    pub allowed_methods: Vec<String>,
    pub timeout_seconds: u64,
    pub concurrency: usize,
    /// Retries of one request (after a 5xx, 429, 503 or connection error).
    pub retries: u32,
    /// At most this many requests to one host in a run.
    pub request_budget: Option<u32>,
    /// The largest response body read, in bytes (`max_response_mb`,
    /// default 32): a larger one is a finding, not read into memory.
    pub max_response_bytes: u64,
    /// System → how its credentials are sent.
    pub auth: BTreeMap<String, Auth>,
    /// Response fields whose presence depends on the data (ids,
    /// timestamps, etags, cursors): name patterns (`*` wildcards, any case)
    /// added to [`VOLATILE_FIELDS`].
    pub volatile_fields: Vec<String>,
    /// Requests `accord record` records besides the fixtures' own.
    pub requests: Vec<ListedRequest>,
}

/// Response fields whose presence and nullness follow the data rather
/// than the API: never compared between a recording and a live answer.
pub const VOLATILE_FIELDS: &[&str] = &[
    "id",
    "*_id",
    "*Id",
    "etag",
    "*_at",
    "*At",
    "*Date",
    "*_date",
    "*timestamp*",
    "*Modstamp",
    "*cursor*",
    "next*",
    "prev*",
    "*_token",
    "*Token",
    "has_more",
    "hasMore",
    "total*",
];

/// Methods that never change a live system, the only ones sent by default.
pub const SAFE_METHODS: &[&str] = &["GET", "HEAD", "OPTIONS"];

/// The largest live response body read by default, in MiB.
pub const DEFAULT_MAX_RESPONSE_MB: u64 = 32;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EnvironmentEntry {
    #[serde(default)]
    pub(super) systems: BTreeMap<String, BaseUrlEntry>,
    #[serde(default)]
    pub(super) tenants: BTreeMap<String, CredentialsEntry>,
    #[serde(default)]
    pub(super) allowed_methods: Option<Vec<String>>,
    #[serde(default)]
    pub(super) timeout_seconds: Option<u64>,
    #[serde(default)]
    pub(super) concurrency: Option<usize>,
    #[serde(default)]
    pub(super) retries: Option<u32>,
    #[serde(default)]
    pub(super) request_budget: Option<u32>,
    #[serde(default)]
    pub(super) max_response_mb: Option<u64>,
    #[serde(default)]
    pub(super) volatile_fields: Vec<String>,
    #[serde(default)]
    pub(super) requests: Vec<RequestEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RequestEntry {
    pub(super) id: String,
    pub(super) system: String,
    #[serde(default)]
    pub(super) tenant: Option<String>,
    #[serde(default = "get")]
    pub(super) method: String,
    pub(super) path: String,
    #[serde(default)]
    pub(super) query: BTreeMap<String, String>,
    #[serde(default)]
    pub(super) headers: BTreeMap<String, String>,
    #[serde(default)]
    pub(super) body: serde_json::Value,
}

pub(super) fn get() -> String {
    "GET".to_owned()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BaseUrlEntry {
    pub(super) base_url: String,
    #[serde(default)]
    pub(super) auth_header: Option<String>,
    #[serde(default)]
    pub(super) auth_scheme: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CredentialsEntry {
    #[serde(default)]
    pub(super) credentials: BTreeMap<String, String>,
}

/// Every environment, checked against the systems and tenants.
pub(super) fn environments(
    top: &Map<String, Value>,
    invalid: Invalid<'_>,
    systems: &[System],
    tenants: &[TenantEntry],
) -> Result<BTreeMap<String, Environment>, ConfigError> {
    let root = JsonPointer::root();
    let mut environments = BTreeMap::new();
    for (name, value) in entries(top, "environments", &invalid)? {
        let at = root.push("environments").push(name);
        let entry: EnvironmentEntry = serde_json::from_value(value.clone())
            .map_err(|e| invalid(&at, format!("environment `{name}`: {e}")))?;
        for (system, url) in &entry.systems {
            if !systems.iter().any(|s| &s.name == system) {
                return Err(invalid(
                    &at.push("systems").push(system),
                    format!("environment `{name}`: `{system}` is not a system of this file"),
                ));
            }
            if url::Url::parse(&url.base_url).is_err() {
                return Err(invalid(
                    &at.push("systems").push(system).push("base_url"),
                    format!("environment `{name}`: `{}` is not a URL", url.base_url),
                ));
            }
        }
        for (tenant, entry) in &entry.tenants {
            for variable in entry.credentials.values() {
                let plausible = !variable.is_empty()
                    && variable
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
                if !plausible {
                    return Err(invalid(
                        &at.push("tenants").push(tenant).push("credentials"),
                        format!(
                            "environment `{name}`: credentials name environment variables (`ACME_CRM_TOKEN`), never values"
                        ),
                    ));
                }
            }
        }
        let mut requests = Vec::new();
        for (index, listed) in entry.requests.iter().enumerate() {
            let here = at.push("requests").push_index(index);
            let fail =
                |message: String| Err(invalid(&here, format!("environment `{name}`: {message}")));
            if !systems.iter().any(|s| s.name == listed.system) {
                return fail(format!("`{}` is not a system of this file", listed.system));
            }
            if let Some(tenant) = &listed.tenant
                && !tenants.iter().any(|t| &t.name == tenant)
            {
                return fail(format!("`{tenant}` is not a tenant of this file"));
            }
            let plain = |s: &str| {
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            };
            if !plain(&listed.id) {
                return fail(format!(
                    "request id `{}` must be a plain file name (letters, digits, `-`, `_`, `.`)",
                    listed.id
                ));
            }
            if !listed.path.starts_with('/') {
                return fail(format!(
                    "request path `{}` must start with `/`",
                    listed.path
                ));
            }
            requests.push(ListedRequest {
                id: listed.id.clone(),
                system: listed.system.clone(),
                tenant: listed.tenant.clone(),
                request: crate::fixtures::Request {
                    method: listed.method.to_ascii_uppercase(),
                    path: listed.path.clone(),
                    query: listed.query.clone().into_iter().collect(),
                    headers: listed.headers.clone().into_iter().collect(),
                    body: listed.body.clone(),
                },
            });
        }
        let auth = entry
            .systems
            .iter()
            .map(|(system, url)| {
                let default = Auth::default();
                let auth = Auth {
                    header: url.auth_header.clone().unwrap_or(default.header),
                    scheme: url.auth_scheme.clone().unwrap_or(default.scheme),
                };
                (system.clone(), auth)
            })
            .collect();
        let allowed_methods: Vec<String> = entry
            .allowed_methods
            .unwrap_or_else(|| SAFE_METHODS.iter().map(|m| (*m).to_owned()).collect())
            .iter()
            .map(|m| m.to_ascii_uppercase())
            .collect();
        environments.insert(
            name.clone(),
            Environment {
                name: name.clone(),
                base_urls: entry
                    .systems
                    .into_iter()
                    .map(|(system, url)| (system, url.base_url))
                    .collect(),
                credentials: entry
                    .tenants
                    .into_iter()
                    .map(|(tenant, entry)| (tenant, entry.credentials))
                    .collect(),
                allowed_methods,
                timeout_seconds: entry.timeout_seconds.unwrap_or(30),
                concurrency: entry.concurrency.unwrap_or(4).max(1),
                retries: entry.retries.unwrap_or(2),
                request_budget: entry.request_budget,
                max_response_bytes: entry
                    .max_response_mb
                    .unwrap_or(DEFAULT_MAX_RESPONSE_MB)
                    .max(1)
                    .saturating_mul(1 << 20),
                auth,
                volatile_fields: entry.volatile_fields,
                requests,
            },
        );
    }
    Ok(environments)
}
