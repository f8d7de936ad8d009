//! Following `$ref`s inside a contract, for the lint's checks.

use serde_json::Value;

use crate::load::{Contract, NodeRef};

/// The properties a schema declares, through `$ref`s and `allOf` members:
/// (name, node, value), the schema's own first.
pub fn properties<'c>(contract: &'c Contract, node: &NodeRef) -> Vec<(String, NodeRef, &'c Value)> {
    let mut out = Vec::new();
    collect(contract, node, 0, &mut out);
    out
}

fn collect<'c>(
    contract: &'c Contract,
    node: &NodeRef,
    depth: usize,
    out: &mut Vec<(String, NodeRef, &'c Value)>,
) {
    if depth > 16 {
        return;
    }
    let Some((at, schema)) = contract.dereference(node) else {
        return;
    };
    if let Some(Value::Object(properties)) = schema.get("properties") {
        for (name, value) in properties {
            if !out.iter().any(|(n, _, _)| n == name) {
                out.push((name.clone(), at.push("properties").push(name), value));
            }
        }
    }
    if let Some(Value::Array(members)) = schema.get("allOf") {
        for index in 0..members.len() {
            collect(
                contract,
                &at.push("allOf").push_index(index),
                depth + 1,
                out,
            );
        }
    }
}

/// A keyword of a schema or of one of its `allOf` members (through `$ref`s).
pub fn keyword<'c>(contract: &'c Contract, node: &NodeRef, name: &str) -> Option<&'c Value> {
    find(contract, node, name, 0)
}

fn find<'c>(contract: &'c Contract, node: &NodeRef, name: &str, depth: usize) -> Option<&'c Value> {
    if depth > 16 {
        return None;
    }
    let (at, schema) = contract.dereference(node)?;
    if let Some(value) = schema.get(name) {
        return Some(value);
    }
    let Some(Value::Array(members)) = schema.get("allOf") else {
        return None;
    };
    (0..members.len())
        .find_map(|i| find(contract, &at.push("allOf").push_index(i), name, depth + 1))
}
