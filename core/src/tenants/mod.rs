//! Tenants: each one's overlays on the canonical objects (custom fields,
//! stricter rules) and its field mappings between the canonical objects and
//! each system's API. Checked on the current contracts, so that a canonical
//! or API change that breaks a tenant names the tenant.
//!
//! A tenant file (`contracts/tenants/<tenant>.yaml`):
//!
//! ```yaml
//! tenant: acme
//! overlays:
//!   account: {properties: {acme_region_code: {type: string}}, required: [acme_region_code]}
//! mappings:
//!   - {system: crm, object: account, schema: contracts/apis/crm.yaml#/components/schemas/Account,
//!      fields: {name: Name, billing_address.city: BillingAddress.city}}
//! system_overlays:
//!   crm: {Account: {properties: {Region__c: {type: string}}}}
//! ```

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::config::Config;
use crate::findings::{Finding, Location};
use crate::load::{self, Contract, Document};
use crate::model::pointer::JsonPointer;
use crate::rules;
use crate::rules::tenant::TenantIssue;

mod mapping;
pub(crate) use mapping::schema_node;
mod overlay;
#[cfg(test)]
mod tests;

/// A tenant file that cannot be read as one (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum TenantError {
    #[error(transparent)]
    Load(#[from] load::Error),
    #[error(transparent)]
    Invalid(#[from] load::Invalid),
}

/// One field mapping: canonical path → system path.
#[derive(Debug)]
pub struct Mapping {
    pub system: String,
    pub object: String,
    /// `file#pointer` of the system's schema, the file relative to the
    /// configuration's directory.
    pub schema: String,
    pub fields: Vec<(String, String)>,
    /// `/mappings/<index>`.
    pub at: JsonPointer,
}

/// A parsed tenant file.
#[derive(Debug)]
pub struct Tenant {
    pub name: String,
    pub document: Document,
    /// Object → its overlay (a schema fragment), in file order.
    pub overlays: Vec<(String, Value)>,
    pub mappings: Vec<Mapping>,
    /// System → schema name → a schema fragment of custom fields.
    pub system_overlays: BTreeMap<String, BTreeMap<String, Value>>,
}

impl Tenant {
    pub fn read(name: &str, path: &Path) -> Result<Self, TenantError> {
        Self::from_document(name, Document::read(path)?)
    }

    pub fn from_document(name: &str, document: Document) -> Result<Self, TenantError> {
        let invalid = |pointer: &JsonPointer, message: &str| {
            TenantError::from(document.invalid(pointer, message))
        };
        let root = JsonPointer::root();
        let Value::Object(top) = &document.root else {
            return Err(invalid(
                &root,
                "a tenant file is a mapping (tenant, overlays, mappings, system_overlays)",
            ));
        };
        let mut overlays = Vec::new();
        match top.get("overlays") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (object, overlay) in map {
                    if !overlay.is_object() {
                        return Err(invalid(
                            &root.push("overlays").push(object),
                            &format!("the overlay on `{object}` must be a schema (a mapping)"),
                        ));
                    }
                    overlays.push((object.clone(), overlay.clone()));
                }
            }
            Some(_) => {
                return Err(invalid(
                    &root.push("overlays"),
                    "`overlays` must map objects to schemas",
                ));
            }
        }
        let mut mappings = Vec::new();
        match top.get("mappings") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (index, item) in items.iter().enumerate() {
                    let at = root.push("mappings").push_index(index);
                    let text = |key: &str| -> Result<String, TenantError> {
                        match item.get(key) {
                            Some(Value::String(s)) => Ok(s.clone()),
                            _ => Err(invalid(&at, &format!("a mapping needs `{key}` (a string)"))),
                        }
                    };
                    let (system, object, schema) =
                        (text("system")?, text("object")?, text("schema")?);
                    let Some(Value::Object(fields)) = item.get("fields") else {
                        return Err(invalid(
                            &at,
                            "a mapping needs `fields`: canonical field → system field",
                        ));
                    };
                    let mut pairs = Vec::new();
                    for (canonical, field) in fields {
                        let Value::String(field) = field else {
                            return Err(invalid(
                                &at.push("fields").push(canonical),
                                &format!("`{canonical}` must map to a field name"),
                            ));
                        };
                        pairs.push((canonical.clone(), field.clone()));
                    }
                    mappings.push(Mapping {
                        system,
                        object,
                        schema,
                        fields: pairs,
                        at,
                    });
                }
            }
            Some(_) => return Err(invalid(&root.push("mappings"), "`mappings` must be a list")),
        }
        let mut system_overlays = BTreeMap::new();
        match top.get("system_overlays") {
            None | Some(Value::Null) => {}
            Some(Value::Object(systems)) => {
                for (system, schemas) in systems {
                    let Value::Object(schemas) = schemas else {
                        return Err(invalid(
                            &root.push("system_overlays").push(system),
                            "map schema names to schemas of custom fields",
                        ));
                    };
                    let entry: &mut BTreeMap<String, Value> =
                        system_overlays.entry(system.clone()).or_default();
                    for (schema, overlay) in schemas {
                        entry.insert(schema.clone(), overlay.clone());
                    }
                }
            }
            Some(_) => {
                return Err(invalid(
                    &root.push("system_overlays"),
                    "`system_overlays` must be a mapping",
                ));
            }
        }
        let name = match top.get("tenant") {
            Some(Value::String(declared)) => declared.clone(),
            _ => name.to_owned(),
        };
        Ok(Self {
            name,
            document,
            overlays,
            mappings,
            system_overlays,
        })
    }

    fn location(&self, pointer: &JsonPointer) -> Location {
        Location::at(&self.document, pointer.clone())
    }
}

/// The loaded contracts tenants are checked against, by subject.
pub struct Contracts<'a> {
    pub config: &'a Config,
    pub by_subject: &'a BTreeMap<String, Contract>,
}

/// Every finding about one tenant.
pub fn check(tenant: &Tenant, contracts: &Contracts<'_>) -> Result<Vec<Finding>, TenantError> {
    let mut findings = Vec::new();
    let mut push = |issue: TenantIssue, at: &JsonPointer, subject: Option<&str>| {
        if let Some(mut finding) = rules::judge_one(rules::tenant::RULES, &issue) {
            finding.location = Some(tenant.location(at));
            finding.tenant = Some(tenant.name.clone());
            finding.subject = subject.map(str::to_owned);
            finding.owner = subject
                .and_then(|s| contracts.config.subject(s))
                .and_then(|s| s.owner.clone());
            findings.push(finding);
        }
    };
    let effective = overlay::check(tenant, contracts, &mut push)?;
    mapping::check(tenant, contracts, &effective, &mut push)?;
    Ok(findings)
}

/// `path` made absolute (against the current directory) and without `.`
/// and `..`, lexically.
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        crate::load::normalize(path)
    } else {
        crate::load::normalize(&std::env::current_dir().unwrap_or_default().join(path))
    }
}
