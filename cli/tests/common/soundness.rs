//! Soundness checks with an independent validator (the `jsonschema`
//! crate): a "compatible" verdict must survive every instance that can be
//! generated around the two schemas, and an "incompatible" one must come
//! with a witness that really separates them. Shared by the peer-suite and
//! official-suite tests.

#![allow(dead_code)]

use std::path::PathBuf;

use accord::model::dialect::Dialect;
use serde_json::{Map, Value, json};

/// Serves `http://localhost:1234/…` from a local folder (the official
/// suite's remotes); nothing else is ever retrieved.
struct Remotes(Option<PathBuf>);

impl jsonschema::Retrieve for Remotes {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let text = uri.as_str();
        let rest = text
            .strip_prefix("http://localhost:1234/")
            .ok_or_else(|| format!("{text} is not retrieved"))?;
        let dir = self.0.as_ref().ok_or("no remotes folder")?;
        let rest = rest.split('#').next().unwrap_or(rest);
        Ok(serde_json::from_slice(&std::fs::read(dir.join(rest))?)?)
    }
}

/// The independent validator for `schema` read in `dialect`, with `format`
/// and the content keywords annotations (as accord reads them); `None`
/// when it refuses the schema.
pub fn independent(
    dialect: Dialect,
    schema: &Value,
    remotes: Option<PathBuf>,
) -> Option<jsonschema::Validator> {
    let draft = match dialect {
        Dialect::Draft4 => jsonschema::Draft::Draft4,
        Dialect::Draft6 => jsonschema::Draft::Draft6,
        Dialect::Draft7 => jsonschema::Draft::Draft7,
        Dialect::Draft2019 => jsonschema::Draft::Draft201909,
        _ => jsonschema::Draft::Draft202012,
    };
    // A schema's own `$schema` decides; the dialect is for those without.
    let declared = schema
        .get("$schema")
        .and_then(Value::as_str)
        .and_then(Dialect::from_schema_uri);
    let draft = match declared {
        Some(Dialect::Draft4) => jsonschema::Draft::Draft4,
        Some(Dialect::Draft6) => jsonschema::Draft::Draft6,
        Some(Dialect::Draft7) => jsonschema::Draft::Draft7,
        Some(Dialect::Draft2019) => jsonschema::Draft::Draft201909,
        Some(_) => jsonschema::Draft::Draft202012,
        None => draft,
    };
    jsonschema::options()
        .with_draft(draft)
        .should_validate_formats(false)
        // `contentEncoding` and `contentMediaType` are annotations (optional
        // to assert in draft-07, never asserted from 2019-09 on).
        .without_content_encoding_support("base64")
        .without_content_media_type_support("application/json")
        .with_retriever(Remotes(remotes))
        .build(schema)
        .ok()
}

/// Instances to try against a "compatible" verdict: every value the two
/// schemas hold as data (`examples`, `example`, `enum`, `const`,
/// `default`), values at and beside every bound they set, objects built
/// from the property names they declare, and plain values of every type.
pub fn instances(schemas: &[&Value]) -> Vec<Value> {
    let mut out: Vec<Value> = vec![
        Value::Null,
        json!(true),
        json!(false),
        json!(0),
        json!(1),
        json!(-1),
        json!(1.5),
        json!(""),
        json!("a"),
        json!("1"),
        json!([]),
        json!([1]),
        json!(["a"]),
        json!([1, 1]),
        json!({}),
        json!({"a": 1}),
    ];
    let mut names: Vec<String> = Vec::new();
    for schema in schemas {
        collect(schema, &mut out, &mut names, 0);
    }
    // Objects with the declared names: each alone with a few values, and
    // all of them at once.
    let fillers = [
        json!(null),
        json!(1),
        json!("a"),
        json!(true),
        json!({}),
        json!([]),
    ];
    for name in names.iter().take(64) {
        for filler in &fillers {
            out.push(json!({ name: filler }));
        }
    }
    for filler in &fillers {
        let all: Map<String, Value> = names
            .iter()
            .take(64)
            .map(|n| (n.clone(), filler.clone()))
            .collect();
        out.push(Value::Object(all));
    }
    let mut unique: Vec<Value> = Vec::with_capacity(out.len());
    for v in out {
        if !unique.contains(&v) {
            unique.push(v);
        }
    }
    unique
}

fn collect(value: &Value, out: &mut Vec<Value>, names: &mut Vec<String>, depth: usize) {
    if depth > 64 || out.len() > 4_000 {
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match key.as_str() {
                    "enum" | "examples" => {
                        if let Value::Array(items) = v {
                            out.extend(items.iter().cloned());
                        }
                    }
                    "const" | "example" | "default" => out.push(v.clone()),
                    "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum"
                    | "multipleOf" => {
                        if let Some(x) = v.as_f64() {
                            for y in [x - 1.0, x - 0.5, x, x + 0.5, x + 1.0, 2.0 * x, -x] {
                                out.push(json!(y));
                                if y.fract() == 0.0 && y.abs() < 9e15 {
                                    out.push(json!(y as i64));
                                }
                            }
                        }
                    }
                    "minLength" | "maxLength" => {
                        if let Some(n) = v.as_u64().filter(|n| *n < 64) {
                            for len in [n.saturating_sub(1), n, n + 1] {
                                out.push(json!("a".repeat(len as usize)));
                            }
                        }
                    }
                    "minItems" | "maxItems" | "minContains" | "maxContains" => {
                        if let Some(n) = v.as_u64().filter(|n| *n < 64) {
                            for len in [n.saturating_sub(1), n, n + 1] {
                                out.push(Value::Array(vec![json!(1); len as usize]));
                                out.push(Value::Array(vec![json!("a"); len as usize]));
                            }
                        }
                    }
                    "properties" | "patternProperties" | "dependentRequired"
                    | "dependentSchemas" | "dependencies" => {
                        if let Value::Object(props) = v {
                            for name in props.keys() {
                                if !names.contains(name) {
                                    names.push(name.clone());
                                }
                            }
                        }
                    }
                    "required" => {
                        for name in v.as_array().into_iter().flatten().filter_map(Value::as_str) {
                            if !names.iter().any(|n| n == name) {
                                names.push(name.to_owned());
                            }
                        }
                    }
                    _ => {}
                }
                collect(v, out, names, depth + 1);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect(item, out, names, depth + 1);
            }
        }
        _ => {}
    }
}

/// An instance `base` accepts and `revision` rejects, if one is among
/// `candidates`: a "compatible" verdict it contradicts is unsound.
pub fn counterexample<'v>(
    base: &jsonschema::Validator,
    revision: &jsonschema::Validator,
    candidates: impl IntoIterator<Item = &'v Value>,
) -> Option<&'v Value> {
    candidates
        .into_iter()
        .find(|v| base.is_valid(v) && !revision.is_valid(v))
}
