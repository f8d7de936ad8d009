//! Reuse of the canonical objects: a system API or event that redefines a
//! canonical object instead of `$ref`ing it, and personal-data markings
//! (`x-pii`) lost where a canonical field is used again.

use std::collections::BTreeSet;

use serde_json::Value;

use super::resolve::properties;
use super::{Canonical, Found, LintIssue, normalise};
use crate::load::{Contract, NodeRef, RefTarget};

/// How much of a canonical object's fields a schema must have (by
/// normalised name) to count as a copy of it (an input schema with a few
/// of its fields is not one).
const SHARED: f64 = 0.8;
const MIN_SHARED: usize = 3;

/// The schemas of a contract worth comparing: OpenAPI component schemas,
/// or a JSON Schema's root and `$defs`.
fn schemas(contract: &Contract) -> Vec<(String, NodeRef)> {
    let root = contract.root_node();
    let mut out = Vec::new();
    for (container, label) in [
        (root.push("components").push("schemas"), ""),
        (root.push("$defs"), "$defs/"),
    ] {
        if let Some(Value::Object(map)) = contract.value(&container) {
            for name in map.keys() {
                out.push((format!("{label}{name}"), container.push(name)));
            }
        }
    }
    if contract
        .value(&root)
        .and_then(|v| v.get("properties"))
        .is_some()
    {
        out.push(("the root schema".to_owned(), root));
    }
    out
}

/// Whether any `$ref` under `node` (or `node` itself) leads into `file`.
fn refers_to(contract: &Contract, node: &NodeRef, file: &std::path::Path) -> bool {
    contract.refs().any(|(at, target)| {
        at.doc == node.doc
            && at.pointer.starts_with(&node.pointer)
            && match target {
                RefTarget::Node(to) => {
                    let path = &contract.document(to.doc).path;
                    std::fs::canonicalize(path).is_ok_and(|p| p == file)
                }
                _ => false,
            }
    })
}

pub fn lint(contract: &Contract, canonical: &[Canonical]) -> Vec<Found> {
    let mut out = Vec::new();
    if canonical.is_empty() {
        return out;
    }
    let own_file = std::fs::canonicalize(&contract.root().path).ok();
    let pii: Vec<(&String, &str)> = canonical
        .iter()
        .flat_map(|c| c.pii.iter().map(move |p| (p, c.subject.as_str())))
        .collect();
    for (name, node) in schemas(contract) {
        let fields = properties(contract, &node);
        let mine: BTreeSet<String> = fields.iter().map(|(n, _, _)| normalise(n)).collect();
        for c in canonical {
            if own_file.as_deref() == Some(c.file.as_path()) {
                continue;
            }
            let theirs: BTreeSet<String> = c.properties.iter().map(|p| normalise(p)).collect();
            let shared = mine.intersection(&theirs).count();
            if shared >= MIN_SHARED
                && shared as f64 >= SHARED * theirs.len().max(1) as f64
                && !refers_to(contract, &node, &c.file)
            {
                out.push(Found {
                    issue: LintIssue::CanonicalRedefined {
                        schema: name.clone(),
                        canonical: c.subject.clone(),
                        shared,
                    },
                    node: node.clone(),
                    operation: None,
                    path: None,
                });
            }
        }
        // Only the contract's own fields: a `$ref`ed canonical object keeps
        // its markings by being the same schema.
        for (field, at, value) in &fields {
            if at.doc != node.doc {
                continue;
            }
            let key = normalise(field);
            let marked = value.get("x-pii").and_then(Value::as_bool) == Some(true);
            if marked || value.get("$ref").is_some() {
                continue;
            }
            if let Some((_, subject)) = pii.iter().find(|(p, _)| **p == key) {
                out.push(Found {
                    issue: LintIssue::PiiMarkingLost {
                        property: field.clone(),
                        canonical: (*subject).to_owned(),
                    },
                    node: at.clone(),
                    operation: None,
                    path: None,
                });
            }
        }
    }
    out
}
