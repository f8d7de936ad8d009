//! `consumers`: who calls the systems' APIs besides the tenants'
//! integrations, and what each uses — a Pact file, a folder of fixtures,
//! or a list of operations and fields.

use std::path::PathBuf;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::model::pointer::JsonPointer;
use crate::model::spec::subject_name_ok;

use super::{ConfigError, Invalid, System, entries};

/// A consumer and the evidence of what it uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consumer {
    pub name: String,
    pub owner: Option<String>,
    /// The system it calls: the provider of its Pact file (whose provider
    /// name is used when this is unset) and of its declared uses.
    pub system: Option<String>,
    /// A Pact file (v2, v3 or v4), relative to the configuration.
    pub pact: Option<PathBuf>,
    /// A folder of fixtures it recorded (each names its system).
    pub fixtures: Option<PathBuf>,
    /// Operations and fields it says it uses.
    pub uses: Vec<DeclaredUse>,
    /// Where its entry is in `accord.yaml`.
    pub at: JsonPointer,
}

/// One operation a consumer says it uses, with the parameters and fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclaredUse {
    /// `GET /accounts/{accountId}`.
    pub operation: String,
    /// Parameter names it sends (in any location).
    pub parameters: Vec<String>,
    /// Request body fields it sends (`lines[].sku`).
    pub request: Vec<String>,
    /// Response body fields it reads, in any response.
    pub response: Vec<String>,
    pub at: JsonPointer,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsumerEntry {
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    system: Option<String>,
    #[serde(default)]
    pact: Option<String>,
    #[serde(default)]
    fixtures: Option<String>,
    #[serde(default)]
    uses: Vec<UseEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UseEntry {
    operation: String,
    #[serde(default)]
    parameters: Vec<String>,
    #[serde(default)]
    request: Vec<String>,
    #[serde(default)]
    response: Vec<String>,
}

pub(super) fn consumers(
    top: &Map<String, Value>,
    invalid: Invalid<'_>,
    systems: &[System],
) -> Result<Vec<Consumer>, ConfigError> {
    let root = JsonPointer::root();
    let mut out = Vec::new();
    for (name, value) in entries(top, "consumers", &invalid)? {
        let at = root.push("consumers").push(name);
        if !subject_name_ok(name) {
            return Err(invalid(
                &at,
                format!("consumer `{name}`: a name is letters, digits, `.`, `_` and `-`"),
            ));
        }
        let entry: ConsumerEntry = serde_json::from_value(value.clone())
            .map_err(|e| invalid(&at, format!("consumer `{name}`: {e}")))?;
        if let Some(system) = &entry.system
            && !systems.iter().any(|s| &s.name == system)
        {
            return Err(invalid(
                &at.push("system"),
                format!("consumer `{name}`: `{system}` is not a system of accord.yaml"),
            ));
        }
        if entry.pact.is_none() && entry.fixtures.is_none() && entry.uses.is_empty() {
            return Err(invalid(
                &at,
                format!(
                    "consumer `{name}`: say what it uses: `pact: FILE`, `fixtures: FOLDER` or `uses: [{{operation: GET /path, response: [field]}}]`"
                ),
            ));
        }
        for (key, path) in [("pact", &entry.pact), ("fixtures", &entry.fixtures)] {
            if let Some(path) = path
                && escapes(path)
            {
                return Err(invalid(
                    &at.push(key),
                    format!(
                        "consumer `{name}`: `{path}` is outside the folder of accord.yaml; accord reads a consumer's files inside the repository"
                    ),
                ));
            }
        }
        if !entry.uses.is_empty() && entry.system.is_none() {
            return Err(invalid(
                &at.push("uses"),
                format!("consumer `{name}`: `uses` needs the `system:` it calls"),
            ));
        }
        let mut uses = Vec::new();
        for (index, u) in entry.uses.into_iter().enumerate() {
            let here = at.push("uses").push_index(index);
            let well_formed = u.operation.split_once(' ').is_some_and(|(method, path)| {
                !method.is_empty()
                    && method.chars().all(|c| c.is_ascii_alphabetic())
                    && path.starts_with('/')
            });
            if !well_formed {
                return Err(invalid(
                    &here.push("operation"),
                    format!(
                        "consumer `{name}`: `{}` is not an operation (`GET /accounts/{{accountId}}`)",
                        u.operation
                    ),
                ));
            }
            let (method, path) = u.operation.split_once(' ').unwrap_or_default();
            uses.push(DeclaredUse {
                operation: format!("{} {path}", method.to_ascii_uppercase()),
                parameters: u.parameters,
                request: u.request,
                response: u.response,
                at: here,
            });
        }
        out.push(Consumer {
            name: name.clone(),
            owner: entry.owner,
            system: entry.system,
            pact: entry.pact.map(PathBuf::from),
            fixtures: entry.fixtures.map(PathBuf::from),
            uses,
            at,
        });
    }
    Ok(out)
}

/// Whether a path, relative to the configuration's folder, leads out of it
/// (absolute, or more `..` than folders before them).
fn escapes(path: &str) -> bool {
    let path = std::path::Path::new(path);
    if path.has_root() {
        return true;
    }
    let mut depth: i64 = 0;
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => depth -= 1,
            std::path::Component::Normal(_) => depth += 1,
            std::path::Component::CurDir => {}
            _ => return true,
        }
        if depth < 0 {
            return true;
        }
    }
    false
}
