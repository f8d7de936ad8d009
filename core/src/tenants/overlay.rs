//! Overlays: a tenant's custom fields and stricter rules merged into the
//! canonical objects; each effective object must stay within the canonical
//! one (`forward`: it accepts nothing the canonical schema rejects).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

use crate::compare;
use crate::config::SubjectKind;
use crate::diff::{DiffOptions, Mode};
use crate::findings::Level;
use crate::load::{Contract, Document, FileSystem};
use crate::model::pointer::JsonPointer;
use crate::rules::tenant::TenantIssue;

use super::{Contracts, Tenant, TenantError, absolute};

/// The canonical contract of `object`: a `schema` subject of that name.
pub(super) fn canonical<'c>(contracts: &'c Contracts<'_>, object: &str) -> Option<&'c Contract> {
    let subject = contracts.config.subject(object)?;
    (subject.kind == SubjectKind::Schema).then(|| contracts.by_subject.get(object))?
}

/// The canonical schema with an overlay merged in: its properties added
/// (those the canonical object has already are returned apart), its
/// `required` joined, any other keyword applied beside the canonical ones
/// (through `allOf`). `$ref`s of the overlay are rewritten to resolve from
/// the canonical file.
pub(super) fn merge(
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
pub(super) fn rewrite_refs(value: &mut Value, from: &Path, to: &Path) {
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

pub(super) fn rebase(reference: &str, from: &Path, to: &Path) -> String {
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

/// `target` as a relative URI reference from the directory `base`.
pub(super) fn relative_to(target: &Path, base: &Path) -> String {
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
pub(super) fn effective_contract(
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

/// Checks the tenant's overlays; returns the effective canonical objects
/// (each with this tenant's overlay merged), by name.
pub(super) fn check(
    tenant: &Tenant,
    contracts: &Contracts<'_>,
    push: &mut dyn FnMut(TenantIssue, &JsonPointer, Option<&str>),
) -> Result<BTreeMap<String, Contract>, TenantError> {
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
    Ok(effective)
}
