//! Where a document's schemas are (every place OpenAPI holds one), and its
//! local `$ref`s.

use std::collections::BTreeSet;

use serde_json::Value;

use super::push;

/// Where a schema sits, and whether it is a member of a `oneOf`/`anyOf`
/// whose schema has a discriminator.
#[derive(Clone, Debug)]
pub struct SchemaAt {
    pub pointer: String,
    pub under_discriminator: bool,
}

pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every schema position of an OpenAPI document, parents before their
/// subschemas. Objects that are `$ref`s to non-schemas (a parameter, a
/// response) are not followed: their targets are walked where they are.
pub fn schemas(doc: &Value) -> Vec<SchemaAt> {
    let mut out = Vec::new();
    let w = &mut out;
    if let Some(Value::Object(components)) = doc.get("components") {
        let at = "/components";
        each(components.get("schemas"), &push(at, "schemas"), |p, v| {
            schema(v, p, false, w)
        });
        each(
            components.get("parameters"),
            &push(at, "parameters"),
            |p, v| parameter(v, p, w),
        );
        each(components.get("headers"), &push(at, "headers"), |p, v| {
            parameter(v, p, w)
        });
        each(
            components.get("requestBodies"),
            &push(at, "requestBodies"),
            |p, v| content(v, p, w),
        );
        each(
            components.get("responses"),
            &push(at, "responses"),
            |p, v| response(v, p, w),
        );
        each(
            components.get("callbacks"),
            &push(at, "callbacks"),
            |p, v| each(Some(v), p, |p, v| path_item(v, p, w)),
        );
        each(
            components.get("pathItems"),
            &push(at, "pathItems"),
            |p, v| path_item(v, p, w),
        );
    }
    each(doc.get("paths"), "/paths", |p, v| path_item(v, p, w));
    each(doc.get("webhooks"), "/webhooks", |p, v| path_item(v, p, w));
    out
}

pub(super) fn each(value: Option<&Value>, at: &str, mut f: impl FnMut(&str, &Value)) {
    if let Some(Value::Object(map)) = value {
        for (key, value) in map {
            f(&push(at, key), value);
        }
    }
}

pub(super) fn is_ref(value: &Value) -> bool {
    value.get("$ref").is_some()
}

pub(super) fn path_item(item: &Value, at: &str, out: &mut Vec<SchemaAt>) {
    if is_ref(item) {
        return;
    }
    parameters(item, at, out);
    for method in METHODS {
        if let Some(op) = item.get(method).filter(|v| v.is_object()) {
            let at = push(at, method);
            parameters(op, &at, out);
            if let Some(body) = op.get("requestBody") {
                content(body, &push(&at, "requestBody"), out);
            }
            each(op.get("responses"), &push(&at, "responses"), |p, v| {
                response(v, p, out)
            });
            each(op.get("callbacks"), &push(&at, "callbacks"), |p, v| {
                each(Some(v), p, |p, v| path_item(v, p, out))
            });
        }
    }
}

pub(super) fn parameters(owner: &Value, at: &str, out: &mut Vec<SchemaAt>) {
    if let Some(Value::Array(list)) = owner.get("parameters") {
        let at = push(at, "parameters");
        for (i, p) in list.iter().enumerate() {
            parameter(p, &push(&at, &i.to_string()), out);
        }
    }
}

/// A parameter or a header.
pub(super) fn parameter(p: &Value, at: &str, out: &mut Vec<SchemaAt>) {
    if is_ref(p) {
        return;
    }
    if let Some(s) = p.get("schema") {
        schema(s, &push(at, "schema"), false, out);
    }
    content(p, at, out);
}

/// The `content` of a request body, a response, a parameter or a header.
pub(super) fn content(owner: &Value, at: &str, out: &mut Vec<SchemaAt>) {
    if is_ref(owner) {
        return;
    }
    each(owner.get("content"), &push(at, "content"), |p, media| {
        if let Some(s) = media.get("schema") {
            schema(s, &push(p, "schema"), false, out);
        }
    });
}

pub(super) fn response(r: &Value, at: &str, out: &mut Vec<SchemaAt>) {
    if is_ref(r) {
        return;
    }
    content(r, at, out);
    each(r.get("headers"), &push(at, "headers"), |p, v| {
        parameter(v, p, out)
    });
}

/// Keywords whose value is a schema, a list of schemas, or a map of them.
pub(super) const ONE: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
    "contentSchema",
];

pub(super) const LIST: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

pub(super) const MAP: &[&str] = &[
    "properties",
    "patternProperties",
    "dependentSchemas",
    "$defs",
    "definitions",
];

pub(super) fn schema(s: &Value, at: &str, under_discriminator: bool, out: &mut Vec<SchemaAt>) {
    let Value::Object(map) = s else {
        return;
    };
    out.push(SchemaAt {
        pointer: at.to_owned(),
        under_discriminator,
    });
    let discriminated = map.contains_key("discriminator");
    for key in ONE {
        if let Some(v) = map.get(*key) {
            schema(v, &push(at, key), false, out);
        }
    }
    for key in LIST {
        if let Some(Value::Array(items)) = map.get(*key) {
            let list = push(at, key);
            let flagged = discriminated && (*key == "oneOf" || *key == "anyOf");
            for (i, v) in items.iter().enumerate() {
                schema(v, &push(&list, &i.to_string()), flagged, out);
            }
        }
    }
    for key in MAP {
        each(map.get(*key), &push(at, key), |p, v| {
            schema(v, p, false, out)
        });
    }
}

/// The local target of a `$ref` (`#/components/schemas/A`), as a pointer.
pub fn local_target(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    Some(percent_decode(fragment))
}

pub(super) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every `$ref` string in the document, with the pointer of the object
/// that holds it.
pub(super) fn refs(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push((at.to_owned(), r.clone()));
            }
            for (k, v) in map {
                refs(v, &push(at, k), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                refs(v, &push(at, &i.to_string()), out);
            }
        }
        _ => {}
    }
}

pub(super) fn has_ref(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.contains_key("$ref") || map.values().any(has_ref),
        Value::Array(items) => items.iter().any(has_ref),
        _ => false,
    }
}

/// The names of component schemas a discriminator may pick by name (no
/// mapping needed): members of a discriminated `oneOf`/`anyOf`, and
/// schemas that extend a discriminated schema through `allOf`. Renaming or
/// inlining them would change which payloads they take.
pub(super) fn named_by_discriminators(doc: &Value) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let prefix = "/components/schemas/";
    let component = |r: &str| -> Option<String> {
        let target = local_target(r)?;
        let rest = target.strip_prefix(prefix)?;
        (!rest.contains('/')).then(|| rest.replace("~1", "/").replace("~0", "~"))
    };
    let mut discriminated = BTreeSet::new();
    for at in schemas(doc) {
        let Some(s) = doc.pointer(&at.pointer) else {
            continue;
        };
        if s.get("discriminator").is_none() {
            continue;
        }
        if let Some(name) = at.pointer.strip_prefix(prefix).filter(|n| !n.contains('/')) {
            discriminated.insert(name.replace("~1", "/").replace("~0", "~"));
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(items)) = s.get(key) {
                for item in items {
                    if let Some(name) = item.get("$ref").and_then(Value::as_str).and_then(component)
                    {
                        names.insert(name);
                    }
                }
            }
        }
    }
    if let Some(Value::Object(all)) = doc.pointer("/components/schemas") {
        for (name, s) in all {
            if let Some(Value::Array(members)) = s.get("allOf") {
                let extends = members.iter().any(|m| {
                    m.get("$ref")
                        .and_then(Value::as_str)
                        .and_then(component)
                        .is_some_and(|n| discriminated.contains(&n))
                });
                if extends {
                    names.insert(name.clone());
                }
            }
        }
    }
    names.extend(discriminated);
    names
}
