//! `accord.yaml`: what a registry governs (subjects, their kinds, files,
//! owners and compatibility modes), its systems and tenants, where the live
//! environments are, what is redacted, the lint conventions. Paths in it are
//! relative to its own directory.
//!
//! Each section is read in a file of its own (`subjects`, `environments`,
//! `lint`); this module assembles them and answers lookups.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::load::{self, Document, Position};
use crate::model::pointer::JsonPointer;
pub use crate::model::spec::subject_name_ok;

mod consumers;
mod environments;
mod lint;
mod subjects;
#[cfg(test)]
mod tests;

pub use consumers::{Consumer, DeclaredUse};
pub use environments::{
    Auth, DEFAULT_MAX_RESPONSE_MB, Environment, ListedRequest, SAFE_METHODS, VOLATILE_FIELDS,
};
pub use lint::{ApiVersion, LintException, LintSettings, TenantIdentification};
pub use subjects::{Gate, Subject, SubjectKind, System, TenantEntry};

/// How a section reports what is wrong with it, at a place of the file.
type Invalid<'a> = &'a dyn Fn(&JsonPointer, String) -> ConfigError;

/// The configuration file's name, looked for in the current directory and
/// its parents up to the repository root.
pub const FILE_NAME: &str = "accord.yaml";

/// The registry branch when `accord.yaml` names none.
pub const DEFAULT_BRANCH: &str = "accord-registry";

/// Why `accord.yaml` cannot be used (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(transparent)]
    Load(#[from] load::Error),
    #[error(transparent)]
    Invalid(#[from] load::Invalid),
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
    /// Who else calls the systems' APIs, and what each uses.
    pub consumers: Vec<Consumer>,
    /// System → JSON paths of personal data to redact in its fixtures.
    pub redaction: BTreeMap<String, Vec<String>>,
    /// Names (of fields, headers, parameters, cookies) that are secrets
    /// here, beside the built-in ones (`secret_names:`).
    pub secret_names: Vec<String>,
    /// Where live systems are (sandboxes), by environment name.
    pub environments: BTreeMap<String, Environment>,
    /// The governance lint's levels, exceptions and conventions.
    pub lint: LintSettings,
    /// How the gate treats breaking changes (`gate:`; subjects may say
    /// otherwise).
    pub gate: Gate,
    /// How `$schema`-less JSON Schemas and published `$ref`s are read.
    pub schemas: subjects::SchemaSettings,
    pub document: Document,
    /// Top-level keys this version does not know (a typo, or a newer file).
    pub unknown_keys: Vec<String>,
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
    "gate",
    "consumers",
    "schemas",
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

        let branch = subjects::branch(top, &invalid)?;
        let subjects = subjects::subjects(top, &invalid)?;
        let systems = subjects::systems(top, &invalid, &subjects)?;
        let tenants = subjects::tenants(top, &invalid)?;
        let consumers = consumers::consumers(top, &invalid, &systems)?;
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

        let environments = environments::environments(top, &invalid, &systems, &tenants)?;

        let lint = lint::lint(top, &invalid)?;
        let gate = subjects::gate(top, &invalid)?;
        let schemas = subjects::schemas(top, &invalid, &dir)?;

        Ok(Self {
            path,
            dir,
            branch,
            subjects,
            systems,
            tenants,
            consumers,
            redaction,
            secret_names,
            environments,
            lint,
            gate,
            schemas,
            document,
            unknown_keys,
        })
    }

    pub fn subject(&self, name: &str) -> Option<&Subject> {
        self.subjects.iter().find(|s| s.name == name)
    }

    /// How contracts are read here: `schemas:` and each subject's
    /// `dialect:` (for its file, wherever it is read from).
    pub fn load_options(&self) -> crate::load::LoadOptions {
        let per_file = self
            .subjects
            .iter()
            .filter_map(|s| {
                let file = self.resolve(&s.file);
                let absolute = std::path::absolute(&file).unwrap_or(file);
                Some((crate::load::normalize(&absolute), s.dialect?))
            })
            .collect();
        crate::load::LoadOptions {
            dialect: self.schemas.dialect,
            ref_map: self.schemas.ref_map.clone(),
            per_file,
        }
    }

    /// The gate's settings for `subject`: its own, else the global ones.
    pub fn gate_for(&self, subject: &str) -> Gate {
        self.subject(subject)
            .and_then(|s| s.gate)
            .unwrap_or(self.gate)
    }

    /// The systems whose API contract `subject` is.
    pub fn systems_of(&self, subject: &str) -> Vec<&str> {
        self.systems
            .iter()
            .filter(|s| s.contract == subject)
            .map(|s| s.name.as_str())
            .collect()
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
