//! `accord.yaml`: what a registry governs (subjects, their kinds, files,
//! owners and compatibility modes), its systems and tenants. Paths in it are
//! relative to its own directory. Sections later commands read
//! (`environments`, `redaction`) are kept as they are.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::diff::mode::CompatMode;
use crate::findings::Level;
use crate::load::{self, Document, Position};
use crate::model::pointer::JsonPointer;
pub use crate::model::spec::subject_name_ok;

/// The configuration file's name, looked for in the current directory and
/// its parents up to the repository root.
pub const FILE_NAME: &str = "accord.yaml";

/// The registry branch when `accord.yaml` names none.
pub const DEFAULT_BRANCH: &str = "accord-registry";
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

/// Why `accord.yaml` cannot be used (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(transparent)]
    Load(#[from] load::Error),
    #[error(transparent)]
    Invalid(#[from] load::Invalid),
}

/// What a subject's contract is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubjectKind {
    /// A JSON Schema of a canonical business object.
    Schema,
    /// An OpenAPI document.
    Api,
    /// A JSON Schema of an event payload.
    Event,
}

impl SubjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Schema => "schema",
            SubjectKind::Api => "api",
            SubjectKind::Event => "event",
        }
    }

    /// The mode of a subject that names none: consumers of events replay
    /// old ones, so events are `full-transitive`; the rest `backward`.
    pub fn default_mode(self) -> CompatMode {
        match self {
            SubjectKind::Event => CompatMode::FULL_TRANSITIVE,
            SubjectKind::Schema | SubjectKind::Api => CompatMode::BACKWARD,
        }
    }

    /// The kind a contract is when nothing says otherwise.
    pub fn of(kind: &load::ContractKind) -> Self {
        match kind {
            load::ContractKind::OpenApi { .. } => SubjectKind::Api,
            load::ContractKind::JsonSchema { .. } => SubjectKind::Schema,
        }
    }

    /// Whether a contract of kind `kind` can be a subject of this kind.
    pub fn admits(self, kind: &load::ContractKind) -> bool {
        matches!(
            (self, kind),
            (SubjectKind::Api, load::ContractKind::OpenApi { .. })
                | (
                    SubjectKind::Schema | SubjectKind::Event,
                    load::ContractKind::JsonSchema { .. }
                )
        )
    }
}

impl fmt::Display for SubjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One governed contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    pub name: String,
    pub kind: SubjectKind,
    /// Relative to the configuration's directory.
    pub file: PathBuf,
    pub owner: Option<String>,
    /// `None`: the mode set at first registration, else the kind's default.
    pub mode: Option<CompatMode>,
}

/// A SaaS system and the subject of its API contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct System {
    pub name: String,
    pub contract: String,
}

/// A tenant and its file of overlays and mappings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantEntry {
    pub name: String,
    pub file: PathBuf,
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
struct EnvironmentEntry {
    #[serde(default)]
    systems: BTreeMap<String, BaseUrlEntry>,
    #[serde(default)]
    tenants: BTreeMap<String, CredentialsEntry>,
    #[serde(default)]
    allowed_methods: Option<Vec<String>>,
    #[serde(default)]
    timeout_seconds: Option<u64>,
    #[serde(default)]
    concurrency: Option<usize>,
    #[serde(default)]
    retries: Option<u32>,
    #[serde(default)]
    request_budget: Option<u32>,
    #[serde(default)]
    max_response_mb: Option<u64>,
    #[serde(default)]
    volatile_fields: Vec<String>,
    #[serde(default)]
    requests: Vec<RequestEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestEntry {
    id: String,
    system: String,
    #[serde(default)]
    tenant: Option<String>,
    #[serde(default = "get")]
    method: String,
    path: String,
    #[serde(default)]
    query: BTreeMap<String, String>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    body: serde_json::Value,
}

fn get() -> String {
    "GET".to_owned()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BaseUrlEntry {
    base_url: String,
    #[serde(default)]
    auth_header: Option<String>,
    #[serde(default)]
    auth_scheme: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CredentialsEntry {
    #[serde(default)]
    credentials: BTreeMap<String, String>,
}

/// A parsed `accord.yaml`.
#[derive(Debug)]
pub struct Config {
    /// The file itself.
    pub path: PathBuf,
    /// Its directory: what relative paths in it are relative to.
    pub dir: PathBuf,
    pub branch: String,
    pub subjects: Vec<Subject>,
    pub systems: Vec<System>,
    pub tenants: Vec<TenantEntry>,
    /// System → JSON paths of personal data to redact in its fixtures.
    pub redaction: BTreeMap<String, Vec<String>>,
    /// Names (of fields, headers, parameters, cookies) that are secrets
    /// here, beside the built-in ones (`secret_names:`).
    pub secret_names: Vec<String>,
    /// Where live systems are (sandboxes), by environment name.
    pub environments: BTreeMap<String, Environment>,
    /// The governance lint's levels, exceptions and conventions.
    pub lint: LintSettings,
    pub document: Document,
    /// Top-level keys this version does not know (a typo, or a newer file).
    pub unknown_keys: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubjectEntry {
    kind: SubjectKind,
    file: String,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    mode: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryEntry {
    #[serde(default)]
    branch: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SystemEntry {
    contract: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TenantFileEntry {
    file: String,
}

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
struct LintEntry {
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(default)]
    exceptions: Vec<ExceptionEntry>,
    #[serde(default)]
    idempotency_key: Option<String>,
    #[serde(default)]
    correlation_id: Option<String>,
    #[serde(default)]
    rate_limited: bool,
    #[serde(default)]
    tenant: Option<TenantIdentification>,
    #[serde(default)]
    api_version: Option<ApiVersion>,
    #[serde(default)]
    property_case: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExceptionEntry {
    rule: String,
    #[serde(default)]
    subject: Option<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    reason: String,
}

const KNOWN_KEYS: &[&str] = &[
    "registry",
    "subjects",
    "systems",
    "tenants",
    "environments",
    "redaction",
    "secret_names",
    "lint",
];

impl Config {
    /// The `accord.yaml` in `dir` or the nearest parent that has one,
    /// stopping at a repository root (a directory with `.git`).
    /// The path is relative to `dir` (`accord.yaml`, `../accord.yaml`), so
    /// that the files it names are shown as users name them.
    pub fn find(dir: &Path) -> Option<PathBuf> {
        let mut at = Some(dir);
        let mut up = PathBuf::new();
        while let Some(d) = at {
            if d.join(FILE_NAME).is_file() {
                return Some(up.join(FILE_NAME));
            }
            if d.join(".git").exists() {
                return None;
            }
            at = d.parent();
            up.push("..");
        }
        None
    }

    /// Reads and checks `path`.
    pub fn read(path: &Path) -> Result<Self, ConfigError> {
        let document = Document::read(path)?;
        Self::from_document(document)
    }

    pub fn from_document(document: Document) -> Result<Self, ConfigError> {
        let path = document.path.clone();
        let dir = path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let invalid = |pointer: &JsonPointer, message: String| {
            ConfigError::from(document.invalid(pointer, message))
        };
        let root = JsonPointer::root();
        let top = match &document.root {
            Value::Object(map) => map,
            Value::Null => &serde_json::Map::new(),
            _ => {
                return Err(invalid(&root, "expected a mapping of sections".to_owned()));
            }
        };
        let unknown_keys = top
            .keys()
            .filter(|k| !KNOWN_KEYS.contains(&k.as_str()))
            .cloned()
            .collect();

        let branch = match top.get("registry") {
            None | Some(Value::Null) => DEFAULT_BRANCH.to_owned(),
            Some(value) => {
                let at = root.push("registry");
                let entry: RegistryEntry = serde_json::from_value(value.clone())
                    .map_err(|e| invalid(&at, format!("registry: {e}")))?;
                let branch = entry.branch.unwrap_or_else(|| DEFAULT_BRANCH.to_owned());
                if git_ref_component_ok(&branch) {
                    branch
                } else {
                    return Err(invalid(
                        &at.push("branch"),
                        format!("registry.branch `{branch}` is not a valid branch name"),
                    ));
                }
            }
        };

        let mut subjects = Vec::new();
        for (name, value) in entries(top, "subjects", &invalid)? {
            let at = root.push("subjects").push(name);
            if !subject_name_ok(name) {
                return Err(invalid(
                    &at,
                    format!(
                        "subject `{name}`: a subject name is letters, digits, `.`, `_` and `-` (it names a git tag)"
                    ),
                ));
            }
            let entry: SubjectEntry = serde_json::from_value(value.clone())
                .map_err(|e| invalid(&at, format!("subject `{name}`: {e}")))?;
            let mode = match entry.mode {
                None => None,
                Some(text) => Some(CompatMode::parse(&text).ok_or_else(|| {
                    invalid(
                        &at.push("mode"),
                        format!(
                            "subject `{name}`: unknown mode `{text}` (one of {})",
                            CompatMode::NAMES.join(", ")
                        ),
                    )
                })?),
            };
            subjects.push(Subject {
                name: name.clone(),
                kind: entry.kind,
                file: PathBuf::from(entry.file),
                owner: entry.owner,
                mode,
            });
        }

        let mut systems = Vec::new();
        for (name, value) in entries(top, "systems", &invalid)? {
            let at = root.push("systems").push(name);
            let entry: SystemEntry = serde_json::from_value(value.clone())
                .map_err(|e| invalid(&at, format!("system `{name}`: {e}")))?;
            if !subjects.iter().any(|s| s.name == entry.contract) {
                return Err(invalid(
                    &at.push("contract"),
                    format!(
                        "system `{name}`: its contract `{}` is not a subject",
                        entry.contract
                    ),
                ));
            }
            systems.push(System {
                name: name.clone(),
                contract: entry.contract,
            });
        }

        let mut tenants = Vec::new();
        for (name, value) in entries(top, "tenants", &invalid)? {
            let at = root.push("tenants").push(name);
            let entry: TenantFileEntry = serde_json::from_value(value.clone())
                .map_err(|e| invalid(&at, format!("tenant `{name}`: {e}")))?;
            tenants.push(TenantEntry {
                name: name.clone(),
                file: PathBuf::from(entry.file),
            });
        }

        let mut redaction = BTreeMap::new();
        for (system, value) in entries(top, "redaction", &invalid)? {
            let at = root.push("redaction").push(system);
            let paths: Vec<String> = serde_json::from_value(value.clone()).map_err(|e| {
                invalid(
                    &at,
                    format!("redaction for `{system}`: a list of JSON paths ({e})"),
                )
            })?;
            if let Some(bad) = paths.iter().find(|p| !p.starts_with('$')) {
                return Err(invalid(
                    &at,
                    format!("redaction for `{system}`: `{bad}` is not a JSON path (`$.Email`)"),
                ));
            }
            redaction.insert(system.clone(), paths);
        }

        let secret_names: Vec<String> = match top.get("secret_names") {
            None => Vec::new(),
            Some(value) => serde_json::from_value(value.clone()).map_err(|e| {
                invalid(
                    &root.push("secret_names"),
                    format!("secret_names: a list of names ({e})"),
                )
            })?,
        };
        crate::fixtures::redact::add_secret_names(&secret_names);

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
                let fail = |message: String| {
                    Err(invalid(&here, format!("environment `{name}`: {message}")))
                };
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

        let lint = match top.get("lint") {
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
                            if !["camelCase", "snake_case", "PascalCase"]
                                .contains(&case.as_str()) =>
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
        };

        Ok(Self {
            path,
            dir,
            branch,
            subjects,
            systems,
            tenants,
            redaction,
            secret_names,
            environments,
            lint,
            document,
            unknown_keys,
        })
    }

    pub fn subject(&self, name: &str) -> Option<&Subject> {
        self.subjects.iter().find(|s| s.name == name)
    }

    /// How fixtures of a system are redacted (its personal-data paths
    /// besides the secrets every fixture loses).
    pub fn redaction_for(&self, system: &str) -> crate::fixtures::redact::Redaction {
        crate::fixtures::redact::Redaction {
            paths: self.redaction.get(system).cloned().unwrap_or_default(),
            secrets: crate::fixtures::redact::known(),
        }
    }

    pub fn system(&self, name: &str) -> Option<&System> {
        self.systems.iter().find(|s| s.name == name)
    }

    /// A path of the file resolved against the configuration's directory.
    pub fn resolve(&self, file: &Path) -> PathBuf {
        if file.is_absolute() || self.dir.as_os_str().is_empty() {
            file.to_path_buf()
        } else {
            self.dir.join(file)
        }
    }

    /// The position of a subject's entry, for findings about it.
    pub fn subject_position(&self, name: &str) -> Position {
        self.document
            .position(&JsonPointer::root().push("subjects").push(name))
    }
}

/// The members of a mapping section (empty when absent).
fn entries<'v>(
    top: &'v serde_json::Map<String, Value>,
    key: &str,
    invalid: &dyn Fn(&JsonPointer, String) -> ConfigError,
) -> Result<BTreeMap<&'v String, &'v Value>, ConfigError> {
    match top.get(key) {
        None | Some(Value::Null) => Ok(BTreeMap::new()),
        Some(Value::Object(map)) => Ok(map.iter().collect::<BTreeMap<_, _>>()),
        Some(_) => Err(invalid(
            &JsonPointer::root().push(key),
            format!("`{key}` must be a mapping of names to entries"),
        )),
    }
}

/// A conservative check of a branch name (git's rules, and no surprises).
fn git_ref_component_ok(name: &str) -> bool {
    !name.is_empty()
        && name.split('/').all(subject_name_ok)
        && !name.starts_with('/')
        && !name.ends_with('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> Result<Config, ConfigError> {
        let doc = Document::parse(PathBuf::from("accord.yaml"), yaml.as_bytes().to_vec()).unwrap();
        Config::from_document(doc)
    }

    #[test]
    fn subjects_systems_and_tenants() {
        let config = parse(
            "registry: {branch: contracts}\n\
             subjects:\n  account: {kind: schema, file: c/account.json, owner: data}\n  \
             crm-api: {kind: api, file: c/crm.yaml}\n  \
             order.created: {kind: event, file: e.json, mode: forward-transitive}\n\
             systems:\n  crm: {contract: crm-api}\n\
             tenants:\n  acme: {file: t/acme.yaml}\n\
             environments: {sandbox: {}}\n",
        )
        .unwrap();
        assert_eq!(config.branch, "contracts");
        let names: Vec<_> = config.subjects.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["account", "crm-api", "order.created"]);
        assert_eq!(
            config.subject("account").unwrap().owner.as_deref(),
            Some("data")
        );
        assert_eq!(
            config.subject("order.created").unwrap().mode,
            Some(CompatMode::parse("forward-transitive").unwrap())
        );
        assert_eq!(config.system("crm").unwrap().contract, "crm-api");
        assert_eq!(config.tenants[0].name, "acme");
        assert!(config.unknown_keys.is_empty());
    }

    #[test]
    fn mistakes_name_the_line() {
        let e = parse(
            "subjects:\n  account:\n    kind: schema\n    file: a.json\n    mode: sideways\n",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "accord.yaml:5:5: subject `account`: unknown mode `sideways` (one of backward, backward-transitive, forward, forward-transitive, full, full-transitive, none)"
        );
        let e = parse("subjects:\n  account: {kind: table, file: a.json}\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("accord.yaml:2:3: subject `account`: unknown variant `table`"),
            "{e}"
        );
        let e = parse("subjects:\n  a/b: {kind: schema, file: a.json}\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("a subject name is letters"), "{e}");
        let e = parse("subjects: {}\nsystems:\n  crm: {contract: nothing}\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("accord.yaml:3:"), "{e}");
    }

    #[test]
    fn environments_name_variables_never_secrets() {
        let base =
            "subjects: {crm-api: {kind: api, file: a.yaml}}\nsystems: {crm: {contract: crm-api}}\n";
        let config = parse(&format!(
            "{base}environments:\n  sandbox:\n    systems: {{crm: {{base_url: 'http://127.0.0.1:9/v1'}}}}\n    allowed_methods: [get, post]\n"
        ))
        .unwrap();
        let sandbox = &config.environments["sandbox"];
        assert_eq!(sandbox.allowed_methods, ["GET", "POST"]);
        assert_eq!(
            (
                sandbox.timeout_seconds,
                sandbox.concurrency,
                sandbox.retries
            ),
            (30, 4, 2)
        );
        let e = parse(&format!(
            "{base}environments:\n  sandbox:\n    tenants:\n      acme: {{credentials: {{crm: 'Bearer abc123'}}}}\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("accord.yaml:6:"), "{e}");
        assert!(e.contains("never values"), "{e}");
        let e = parse(&format!(
            "{base}environments:\n  sandbox: {{systems: {{erp: {{base_url: 'http://x'}}}}}}\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(e.contains("`erp` is not a system"), "{e}");
    }

    #[test]
    fn environments_list_requests_to_record_and_how_to_authenticate() {
        let base =
            "subjects: {crm-api: {kind: api, file: a.yaml}}\nsystems: {crm: {contract: crm-api}}\n";
        let config = parse(&format!(
            "{base}environments:\n  sandbox:\n    systems: {{crm: {{base_url: 'http://127.0.0.1:9', auth_header: X-Api-Key, auth_scheme: ''}}}}\n    volatile_fields: [Version]\n    requests:\n      - {{id: crm-list, system: crm, path: /accounts, query: {{limit: '5'}}}}\n"
        ))
        .unwrap();
        let sandbox = &config.environments["sandbox"];
        assert_eq!(
            sandbox.auth["crm"],
            Auth {
                header: "X-Api-Key".to_owned(),
                scheme: String::new()
            }
        );
        assert_eq!(sandbox.volatile_fields, ["Version"]);
        let listed = &sandbox.requests[0];
        assert_eq!(
            (listed.id.as_str(), listed.request.method.as_str()),
            ("crm-list", "GET")
        );
        assert_eq!(listed.request.query, [("limit".to_owned(), "5".to_owned())]);
        for (entry, complaint) in [
            ("{id: x, system: erp, path: /a}", "`erp` is not a system"),
            (
                "{id: x, system: crm, tenant: acme, path: /a}",
                "`acme` is not a tenant",
            ),
            ("{id: ../x, system: crm, path: /a}", "plain file name"),
            ("{id: x, system: crm, path: a}", "must start with `/`"),
        ] {
            let e = parse(&format!(
                "{base}environments:\n  sandbox:\n    requests:\n      - {entry}\n"
            ))
            .unwrap_err()
            .to_string();
            assert!(e.starts_with("accord.yaml:6:"), "{e}");
            assert!(e.contains(complaint), "{e}");
        }
    }

    #[test]
    fn the_repository_file_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../accord.yaml");
        let config = Config::read(&path).unwrap();
        assert_eq!(config.branch, DEFAULT_BRANCH);
        assert!(config.subjects.len() >= 10);
        assert!(config.unknown_keys.is_empty());
        assert_eq!(config.redaction["crm"][2], "$.records[*].Email");
        let sandbox = &config.environments["sandbox"];
        assert_eq!(sandbox.base_urls.len(), 2);
        assert_eq!(sandbox.allowed_methods, SAFE_METHODS);
        assert_eq!(sandbox.credentials["acme"]["crm"], "ACME_CRM_TOKEN");
        for subject in &config.subjects {
            assert!(config.resolve(&subject.file).is_file(), "{}", subject.name);
        }
    }
}
