//! Field mappings between a canonical object and a system's API schema:
//! both fields exist (the tenant's custom fields included), and share a
//! JSON type.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Map, Value};

use crate::config::Config;
use crate::load::{Contract, NodeRef, Resolved};
use crate::model::pointer::JsonPointer;
use crate::rules::tenant::{Side, TenantIssue};

use super::overlay::canonical;
use super::{Contracts, Tenant, TenantError, absolute};

/// Types as a mapping compares them: `null` aside, `integer` a `number`.
pub(super) fn comparable(types: &BTreeSet<String>) -> BTreeSet<String> {
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

/// The node `file#pointer` names in the system's contract, and the schema's
/// name (the pointer's last token).
pub(crate) fn schema_node(
    api: &Contract,
    schema: &str,
    config: &Config,
) -> Result<(NodeRef, String), String> {
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
pub(super) fn field(
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

pub(super) const MAX_DEPTH: usize = 32;

/// The property `name` of the object schema at `node` (through `$ref`s,
/// `allOf`/`anyOf`/`oneOf` members, and array `items`).
pub(super) fn property(
    contract: &Contract,
    node: &NodeRef,
    name: &str,
    depth: usize,
) -> Option<NodeRef> {
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
pub(super) fn types(contract: &Contract, node: &NodeRef, depth: usize) -> BTreeSet<String> {
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
pub(super) fn value_types(value: &Value) -> BTreeSet<String> {
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

/// Checks the tenant's field mappings against the effective canonical
/// objects and the systems' current contracts.
pub(super) fn check(
    tenant: &Tenant,
    contracts: &Contracts<'_>,
    effective: &BTreeMap<String, Contract>,
    push: &mut dyn FnMut(TenantIssue, &JsonPointer, Option<&str>),
) -> Result<(), TenantError> {
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
    Ok(())
}
