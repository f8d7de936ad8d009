//! `registry`, `subjects`, `systems` and `tenants`: what is governed, by
//! whom, how strictly, and who uses it.

use std::fmt;
use std::path::PathBuf;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::findings::Level;
use crate::load::{self};
use crate::model::dialect::Dialect;
use crate::model::mode::CompatMode;
use crate::model::pointer::JsonPointer;
use crate::model::spec::subject_name_ok;

use super::{ConfigError, DEFAULT_BRANCH, Invalid, entries};

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
    /// A consumer's expectations of a provider: a Pact file.
    Consumer,
}

impl SubjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Schema => "schema",
            SubjectKind::Api => "api",
            SubjectKind::Event => "event",
            SubjectKind::Consumer => "consumer",
        }
    }

    /// The mode of a subject that names none: consumers of events replay
    /// old ones, so events are `full-transitive`; the rest `backward`.
    pub fn default_mode(self) -> CompatMode {
        match self {
            SubjectKind::Event => CompatMode::FULL_TRANSITIVE,
            SubjectKind::Schema | SubjectKind::Api => CompatMode::BACKWARD,
            // A consumer's expectations change as it pleases: what matters
            // is whether a provider satisfies them (`can-i-deploy`).
            SubjectKind::Consumer => CompatMode::NONE,
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
                    SubjectKind::Schema | SubjectKind::Event | SubjectKind::Consumer,
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
    /// The subject's own `gate:` settings (over the global ones).
    pub gate: Option<Gate>,
    /// The dialect of its `$schema`-less JSON Schemas (over `schemas:`).
    pub dialect: Option<Dialect>,
}

/// How the pre-merge gate treats what it finds (`gate:`, globally or per
/// subject).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    /// A breaking change that no known consumer uses (no fixture, mapping
    /// or consumer shows a use of what it changes) is reported at this
    /// level instead (`warning` or `info`), and the report says it was let
    /// through. Unset: every breaking change keeps its level.
    #[serde(default)]
    pub unused_breaking: Option<Level>,
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SubjectEntry {
    pub(super) kind: SubjectKind,
    pub(super) file: String,
    #[serde(default)]
    pub(super) owner: Option<String>,
    #[serde(default)]
    pub(super) mode: Option<String>,
    #[serde(default)]
    pub(super) gate: Option<Gate>,
    #[serde(default)]
    pub(super) dialect: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RegistryEntry {
    #[serde(default)]
    pub(super) branch: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SystemEntry {
    pub(super) contract: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TenantFileEntry {
    pub(super) file: String,
}

/// The registry branch (`registry.branch`).
pub(super) fn branch(
    top: &Map<String, Value>,
    invalid: Invalid<'_>,
) -> Result<String, ConfigError> {
    let root = JsonPointer::root();
    Ok(match top.get("registry") {
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
    })
}

/// The global `gate:` settings.
pub(super) fn gate(top: &Map<String, Value>, invalid: Invalid<'_>) -> Result<Gate, ConfigError> {
    match top.get("gate") {
        None | Some(Value::Null) => Ok(Gate::default()),
        Some(value) => serde_json::from_value(value.clone()).map_err(|e| {
            invalid(
                &JsonPointer::root().push("gate"),
                format!("gate: {e} (`unused_breaking: warning` or `info`)"),
            )
        }),
    }
}

/// A dialect name as `accord.yaml` gives it.
pub(super) fn parse_dialect(
    text: &str,
    at: &JsonPointer,
    invalid: Invalid<'_>,
) -> Result<Dialect, ConfigError> {
    Dialect::parse(text).ok_or_else(|| {
        invalid(
            at,
            format!(
                "unknown JSON Schema dialect `{text}` (one of {})",
                Dialect::NAMES.join(", ")
            ),
        )
    })
}

/// `schemas:`: the dialect of `$schema`-less JSON Schemas, and published
/// schema locations served from folders of the repository.
pub(super) fn schemas(
    top: &Map<String, Value>,
    invalid: Invalid<'_>,
    dir: &std::path::Path,
) -> Result<SchemaSettings, ConfigError> {
    let at = JsonPointer::root().push("schemas");
    let Some(value) = top.get("schemas").filter(|v| !v.is_null()) else {
        return Ok(SchemaSettings::default());
    };
    let entry: SchemasEntry = serde_json::from_value(value.clone()).map_err(|e| {
        invalid(
            &at,
            format!("schemas: {e} (`dialect: draft7`, `ref_map: {{PREFIX: FOLDER}}`)"),
        )
    })?;
    let dialect = entry
        .dialect
        .as_deref()
        .map(|text| parse_dialect(text, &at.push("dialect"), invalid))
        .transpose()?;
    let mut ref_map = Vec::new();
    for (prefix, folder) in &entry.ref_map {
        let mapping = load::RefMapping::parse(&format!("{prefix}={folder}")).map_err(|e| {
            invalid(
                &at.push("ref_map").push(prefix),
                format!("schemas.ref_map: {e}"),
            )
        })?;
        ref_map.push(load::RefMapping {
            folder: dir.join(mapping.folder),
            ..mapping
        });
    }
    Ok(SchemaSettings { dialect, ref_map })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemasEntry {
    #[serde(default)]
    dialect: Option<String>,
    #[serde(default)]
    ref_map: std::collections::BTreeMap<String, String>,
}

/// How JSON Schemas are read here (`schemas:`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SchemaSettings {
    pub dialect: Option<Dialect>,
    pub ref_map: Vec<load::RefMapping>,
}

/// The subjects, each with its kind, file, owner and mode.
pub(super) fn subjects(
    top: &Map<String, Value>,
    invalid: Invalid<'_>,
) -> Result<Vec<Subject>, ConfigError> {
    let root = JsonPointer::root();
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
        let dialect = entry
            .dialect
            .as_deref()
            .map(|text| parse_dialect(text, &at.push("dialect"), invalid))
            .transpose()?;
        subjects.push(Subject {
            name: name.clone(),
            kind: entry.kind,
            file: PathBuf::from(entry.file),
            owner: entry.owner,
            mode,
            gate: entry.gate,
            dialect,
        });
    }
    Ok(subjects)
}

/// The systems, each naming the subject of its contract.
pub(super) fn systems(
    top: &Map<String, Value>,
    invalid: Invalid<'_>,
    subjects: &[Subject],
) -> Result<Vec<System>, ConfigError> {
    let root = JsonPointer::root();
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
    Ok(systems)
}

/// The tenants and their files.
pub(super) fn tenants(
    top: &Map<String, Value>,
    invalid: Invalid<'_>,
) -> Result<Vec<TenantEntry>, ConfigError> {
    let root = JsonPointer::root();
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
    Ok(tenants)
}

/// A conservative check of a branch name (git's rules, and no surprises).
pub(super) fn git_ref_component_ok(name: &str) -> bool {
    !name.is_empty()
        && name.split('/').all(subject_name_ok)
        && !name.starts_with('/')
        && !name.ends_with('/')
}
