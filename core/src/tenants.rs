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

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::compare;
use crate::config::{Config, SubjectKind};
use crate::diff::{DiffOptions, Mode};
use crate::findings::{Finding, Level, Location};
use crate::load::{self, Contract, Document, FileSystem, NodeRef, Resolved};
use crate::model::pointer::JsonPointer;
use crate::rules;
use crate::rules::tenant::{Side, TenantIssue};

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
        let at = self.document.position(pointer);
        Location {
            file: self.document.display_path(),
            pointer: pointer.clone(),
            line: at.line,
            column: at.column,
        }
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
    let overlays_at = JsonPointer::root().push("overlays");
    // The effective canonical objects: with this tenant's overlay merged.
    let mut effective: BTreeMap<String, Contract> = BTreeMap::new();
    for (object, overlay) in &tenant.overlays {
        let at = overlays_at.push(object);
        let Some(canonical) = canonical(contracts, object) else {
            push(
                TenantIssue::UnknownObject {
                    object: object.clone(),
                },
                &at,
                None,
            );
            continue;
        };
        let (merged, redefined) = merge(
            &canonical.root().root,
            overlay,
            &tenant.document.path,
            &canonical.root().path,
        );
        for field in redefined {
            push(
                TenantIssue::RedefinesField {
                    object: object.clone(),
                    field: field.clone(),
                },
                &at.push("properties").push(&field),
                Some(object),
            );
        }
        let contract = effective_contract(&merged, canonical, &tenant.name, object)?;
        let options = DiffOptions::default();
        if let Ok(found) = compare::contracts(canonical, &contract, Mode::Forward, &options) {
            for f in found.into_iter().filter(|f| f.level == Level::Error) {
                push(
                    TenantIssue::OverlayIncompatible {
                        object: object.clone(),
                        detail: f.message,
                    },
                    &at,
                    Some(object),
                );
            }
        }
        effective.insert(object.clone(), contract);
    }

    for mapping in &tenant.mappings {
        let system_subject = contracts
            .config
            .system(&mapping.system)
            .map(|s| s.contract.clone());
        let Some(system_subject) = system_subject else {
            push(
                TenantIssue::SchemaMissing {
                    system: mapping.system.clone(),
                    object: mapping.object.clone(),
                    schema: mapping.schema.clone(),
                    why: format!("accord.yaml has no system `{}`", mapping.system),
                },
                &mapping.at.push("system"),
                None,
            );
            continue;
        };
        let subject = Some(system_subject.as_str());
        let Some(api) = contracts.by_subject.get(&system_subject) else {
            continue;
        };
        let (schema_node, schema_name) = match schema_node(api, &mapping.schema, contracts.config) {
            Ok(found) => found,
            Err(why) => {
                push(
                    TenantIssue::SchemaMissing {
                        system: mapping.system.clone(),
                        object: mapping.object.clone(),
                        schema: mapping.schema.clone(),
                        why,
                    },
                    &mapping.at.push("schema"),
                    subject,
                );
                continue;
            }
        };
        let Some(canonical_contract) = effective
            .get(&mapping.object)
            .or_else(|| canonical(contracts, &mapping.object))
        else {
            push(
                TenantIssue::UnknownObject {
                    object: mapping.object.clone(),
                },
                &mapping.at.push("object"),
                None,
            );
            continue;
        };
        let extra = tenant
            .system_overlays
            .get(&mapping.system)
            .and_then(|m| m.get(&schema_name))
            .and_then(|o| o.get("properties"))
            .and_then(Value::as_object);
        for (canonical_field, system_field) in &mapping.fields {
            let at = mapping.at.push("fields").push(canonical_field);
            let left = field(
                canonical_contract,
                &canonical_contract.root_node(),
                canonical_field,
                None,
            );
            let right = field(api, &schema_node, system_field, extra);
            let missing = |side: Side, name: &str| TenantIssue::FieldMissing {
                system: mapping.system.clone(),
                object: mapping.object.clone(),
                side,
                field: name.to_owned(),
                schema: mapping.schema.clone(),
            };
            match (left, right) {
                (None, _) => push(
                    missing(Side::Canonical, canonical_field),
                    &at,
                    Some(&mapping.object),
                ),
                (_, None) => push(missing(Side::System, system_field), &at, subject),
                (Some(l), Some(r)) => {
                    if !l.is_empty() && !r.is_empty() && comparable(&l).is_disjoint(&comparable(&r))
                    {
                        push(
                            TenantIssue::TypeMismatch {
                                system: mapping.system.clone(),
                                object: mapping.object.clone(),
                                canonical: canonical_field.clone(),
                                canonical_types: l.into_iter().collect(),
                                field: system_field.clone(),
                                system_types: r.into_iter().collect(),
                            },
                            &at,
                            subject,
                        );
                    }
                }
            }
        }
    }
    Ok(findings)
}

/// The canonical contract of `object`: a `schema` subject of that name.
fn canonical<'c>(contracts: &'c Contracts<'_>, object: &str) -> Option<&'c Contract> {
    let subject = contracts.config.subject(object)?;
    (subject.kind == SubjectKind::Schema).then(|| contracts.by_subject.get(object))?
}

/// Types as a mapping compares them: `null` aside, `integer` a `number`.
fn comparable(types: &BTreeSet<String>) -> BTreeSet<String> {
    types
        .iter()
        .filter(|t| t.as_str() != "null")
        .map(|t| {
            if t == "integer" {
                "number".to_owned()
            } else {
                t.clone()
            }
        })
        .collect()
}

/// The canonical schema with an overlay merged in: its properties added
/// (those the canonical object has already are returned apart), its
/// `required` joined, any other keyword applied beside the canonical ones
/// (through `allOf`). `$ref`s of the overlay are rewritten to resolve from
/// the canonical file.
fn merge(
    canonical: &Value,
    overlay: &Value,
    tenant_file: &Path,
    canonical_file: &Path,
) -> (Value, Vec<String>) {
    let mut merged = canonical.clone();
    let mut redefined = Vec::new();
    let mut overlay = overlay.clone();
    rewrite_refs(&mut overlay, tenant_file, canonical_file);
    let (Value::Object(target), Value::Object(overlay)) = (&mut merged, overlay) else {
        return (merged, redefined);
    };
    // Read where the tenant's file is, not as the canonical `$id` says.
    target.remove("$id");
    for (key, value) in overlay {
        match key.as_str() {
            "properties" => {
                let Value::Object(added) = value else {
                    continue;
                };
                let properties = target
                    .entry("properties")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(properties) = properties {
                    for (name, schema) in added {
                        if properties.contains_key(&name) {
                            redefined.push(name);
                        } else {
                            properties.insert(name, schema);
                        }
                    }
                }
            }
            "required" => {
                let Value::Array(names) = value else { continue };
                let required = target
                    .entry("required")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(required) = required {
                    for name in names {
                        if !required.contains(&name) {
                            required.push(name);
                        }
                    }
                }
            }
            "title" | "description" | "$comment" | "examples" => {}
            _ if !target.contains_key(&key) => {
                target.insert(key, value);
            }
            _ => {
                let mut member = Map::new();
                member.insert(key, value);
                let all_of = target
                    .entry("allOf")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(all_of) = all_of {
                    all_of.push(Value::Object(member));
                }
            }
        }
    }
    (merged, redefined)
}

/// Rewrites every relative `$ref` under `value` (written from `from`) so
/// that it resolves the same from `to`.
fn rewrite_refs(value: &mut Value, from: &Path, to: &Path) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match (key.as_str(), child) {
                    ("$ref", Value::String(reference)) => {
                        *reference = rebase(reference, from, to);
                    }
                    (_, child) => rewrite_refs(child, from, to),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                rewrite_refs(item, from, to);
            }
        }
        _ => {}
    }
}

fn rebase(reference: &str, from: &Path, to: &Path) -> String {
    if reference.contains("://") || reference.starts_with("urn:") {
        return reference.to_owned();
    }
    let (file, fragment) = match reference.split_once('#') {
        Some((file, fragment)) => (file, Some(fragment)),
        None => (reference, None),
    };
    let target = if file.is_empty() {
        absolute(from)
    } else {
        absolute(&from.parent().unwrap_or(Path::new("")).join(file))
    };
    let base = absolute(to.parent().unwrap_or(Path::new("")));
    let relative = relative_to(&target, &base);
    match fragment {
        Some(fragment) => format!("{relative}#{fragment}"),
        None => relative,
    }
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

/// `target` as a relative URI reference from the directory `base`.
fn relative_to(target: &Path, base: &Path) -> String {
    let t: Vec<_> = target.components().collect();
    let b: Vec<_> = base.components().collect();
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); b.len().saturating_sub(common)];
    parts.extend(
        t.iter()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// The effective schema as a contract of its own, placed where the
/// canonical file is (so its relative `$ref`s resolve as before).
fn effective_contract(
    merged: &Value,
    canonical: &Contract,
    tenant: &str,
    object: &str,
) -> Result<Contract, TenantError> {
    let text = serde_json::to_vec_pretty(merged).unwrap_or_default();
    let mut document = Document::parse(canonical.root().path.clone(), text)?;
    document.label = Some(format!(
        "{} (with {tenant}'s overlay on {object})",
        canonical.root().display_path()
    ));
    Ok(Contract::from_root_with(
        document,
        Some(canonical.kind.dialect()),
        &mut FileSystem::around(&canonical.root().path),
    )?)
}

/// The node `file#pointer` names in the system's contract, and the schema's
/// name (the pointer's last token).
fn schema_node(api: &Contract, schema: &str, config: &Config) -> Result<(NodeRef, String), String> {
    let (file, fragment) = schema.split_once('#').unwrap_or((schema, ""));
    let pointer = JsonPointer::from_fragment(fragment)
        .ok_or_else(|| format!("`#{fragment}` is not a JSON pointer"))?;
    let wanted = absolute(&config.resolve(Path::new(file)));
    let doc = api
        .documents()
        .find(|(_, d)| absolute(&d.path) == wanted)
        .map(|(id, _)| id)
        .ok_or_else(|| format!("`{file}` is not the system's contract or a file it references"))?;
    let node = NodeRef::new(doc, pointer.clone());
    if api.value(&node).is_none() {
        return Err(format!("there is no schema at `#{fragment}`"));
    }
    let name = pointer.last().map(|l| l.into_owned()).unwrap_or_default();
    Ok((node, name))
}

/// The types of the field at the dotted `path` below `start`, if the field
/// is there (an empty set: no type declared). `extra`: custom properties
/// the tenant adds at the top level.
fn field(
    contract: &Contract,
    start: &NodeRef,
    path: &str,
    extra: Option<&Map<String, Value>>,
) -> Option<BTreeSet<String>> {
    let segments: Vec<&str> = path.split('.').collect();
    let (first, rest) = segments.split_first()?;
    match property(contract, start, first, 0) {
        Some(node) => {
            let mut at = node;
            for segment in rest {
                at = property(contract, &at, segment, 0)?;
            }
            Some(types(contract, &at, 0))
        }
        None => {
            let schema = extra?.get(*first)?;
            rest.is_empty().then(|| value_types(schema))
        }
    }
}

const MAX_DEPTH: usize = 32;

/// The property `name` of the object schema at `node` (through `$ref`s,
/// `allOf`/`anyOf`/`oneOf` members, and array `items`).
fn property(contract: &Contract, node: &NodeRef, name: &str, depth: usize) -> Option<NodeRef> {
    if depth > MAX_DEPTH {
        return None;
    }
    let Some(Resolved::Node(at, value)) = contract.resolve(node) else {
        return None;
    };
    let at = at.clone();
    if value.get("properties").and_then(|p| p.get(name)).is_some() {
        return Some(at.push("properties").push(name));
    }
    for keyword in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = value.get(keyword) {
            for index in 0..members.len() {
                if let Some(found) = property(
                    contract,
                    &at.push(keyword).push_index(index),
                    name,
                    depth + 1,
                ) {
                    return Some(found);
                }
            }
        }
    }
    if value.get("items").is_some_and(Value::is_object) {
        return property(contract, &at.push("items"), name, depth + 1);
    }
    None
}

/// The JSON types a schema allows, as far as it says.
fn types(contract: &Contract, node: &NodeRef, depth: usize) -> BTreeSet<String> {
    if depth > MAX_DEPTH {
        return BTreeSet::new();
    }
    let Some(Resolved::Node(at, value)) = contract.resolve(node) else {
        return BTreeSet::new();
    };
    let own = value_types(value);
    if !own.is_empty() {
        return own;
    }
    let at = at.clone();
    let mut out = BTreeSet::new();
    for keyword in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(members)) = value.get(keyword) {
            for index in 0..members.len() {
                out.extend(types(
                    contract,
                    &at.push(keyword).push_index(index),
                    depth + 1,
                ));
            }
            if !out.is_empty() {
                return out;
            }
        }
    }
    out
}

/// The types a schema value declares itself (`type`, `enum`, `const`,
/// OpenAPI 3.0's `nullable`), without following anything.
fn value_types(value: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    match value.get("type") {
        Some(Value::String(t)) => {
            out.insert(t.clone());
        }
        Some(Value::Array(ts)) => {
            out.extend(ts.iter().filter_map(Value::as_str).map(str::to_owned))
        }
        _ => {}
    }
    if out.is_empty() {
        let values: Vec<&Value> = match (value.get("enum"), value.get("const")) {
            (Some(Value::Array(items)), _) => items.iter().collect(),
            (_, Some(c)) => vec![c],
            _ => Vec::new(),
        };
        for v in values {
            out.insert(
                match v {
                    Value::Null => "null",
                    Value::Bool(_) => "boolean",
                    Value::Number(_) => "number",
                    Value::String(_) => "string",
                    Value::Array(_) => "array",
                    Value::Object(_) => "object",
                }
                .to_owned(),
            );
        }
    }
    if value.get("nullable").and_then(Value::as_bool) == Some(true) && !out.is_empty() {
        out.insert("null".to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_rebased_onto_the_canonical_file() {
        let tenant = Path::new("/repo/contracts/tenants/acme.yaml");
        let canonical = Path::new("/repo/contracts/canonical/account.json");
        assert_eq!(
            rebase("../canonical/common.json#/$defs/Money", tenant, canonical),
            "common.json#/$defs/Money"
        );
        assert_eq!(
            rebase("#/$defs/X", tenant, canonical),
            "../tenants/acme.yaml#/$defs/X"
        );
        assert_eq!(
            rebase("https://example.com/s.json", tenant, canonical),
            "https://example.com/s.json"
        );
    }

    #[test]
    fn an_overlay_adds_fields_joins_required_and_reports_redefinitions() {
        let canonical = serde_json::json!({
            "$id": "https://x/account.json",
            "type": "object",
            "properties": {"name": {"type": "string"}},
            "required": ["name"],
            "maxProperties": 10
        });
        let overlay = serde_json::json!({
            "properties": {"name": {"type": "integer"}, "region": {"type": "string"}},
            "required": ["region"],
            "maxProperties": 5,
            "minProperties": 1
        });
        let (merged, redefined) = merge(
            &canonical,
            &overlay,
            Path::new("/t/a.yaml"),
            Path::new("/c/a.json"),
        );
        assert_eq!(redefined, ["name"]);
        assert_eq!(
            merged["properties"]["name"],
            serde_json::json!({"type": "string"})
        );
        assert_eq!(
            merged["properties"]["region"],
            serde_json::json!({"type": "string"})
        );
        assert_eq!(merged["required"], serde_json::json!(["name", "region"]));
        assert_eq!(merged["minProperties"], 1);
        assert_eq!(merged["allOf"], serde_json::json!([{"maxProperties": 5}]));
        assert!(merged.get("$id").is_none());
    }

    #[test]
    fn types_compare_without_null_and_with_integers_as_numbers() {
        let set = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>();
        assert!(
            !comparable(&set(&["integer"])).is_disjoint(&comparable(&set(&["number", "null"])))
        );
        assert!(comparable(&set(&["string"])).is_disjoint(&comparable(&set(&["object"]))));
        assert_eq!(
            value_types(&serde_json::json!({"enum": ["a", null]})),
            set(&["null", "string"])
        );
    }
}
