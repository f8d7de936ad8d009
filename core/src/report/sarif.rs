//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning. Each rule its
//! results use is in `tool.driver.rules` with its documentation as help;
//! a change of a shared schema is one result, at the line where it changed,
//! with every operation it reaches as a logical location; each result has its
//! file (from the repository root) and position, its level, and a partial
//! fingerprint without the line, so that code scanning tracks it across
//! commits. Baselined findings are suppressed, not dropped.

use std::io::{self, Write};

use serde_json::{Map, Value, json};

use super::{Style, repo_path};
use crate::findings::{Level, Report};
use crate::rules;

fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}

/// A relative path as a URI reference: `/` kept, anything else outside
/// RFC 3986's unreserved characters percent-encoded (a `:` too, so that
/// `main:api.yaml` is not read as a scheme).
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn to_value(report: &Report, style: &Style) -> Value {
    let changes = report.changes();
    // The rules the results use, in the order of first use.
    let all = rules::all();
    let mut metas: Vec<&rules::RuleMeta> = Vec::new();
    for c in &changes {
        if metas.iter().any(|m| m.id == c.lead.rule) {
            continue;
        }
        if let Some(meta) = all.iter().find(|m| m.id == c.lead.rule) {
            metas.push(meta);
        }
    }
    let rules: Vec<Value> = metas
        .iter()
        .map(|meta| {
            let doc = rules::documentation(meta);
            json!({
                "id": meta.id,
                "shortDescription": {"text": rules::summary(meta)},
                "fullDescription": {"text": doc},
                "help": {"text": doc, "markdown": doc},
                "defaultConfiguration": {"level": level(meta.level)},
                "properties": {"tags": [meta.family.as_str()]},
            })
        })
        .collect();
    let results: Vec<Value> = changes
        .iter()
        .map(|c| {
            let f = c.lead;
            let mut result = Map::new();
            result.insert("ruleId".into(), json!(f.rule));
            if let Some(index) = metas.iter().position(|m| m.id == f.rule) {
                result.insert("ruleIndex".into(), json!(index));
            }
            result.insert("level".into(), json!(level(c.level)));
            let text = match c.reach(3) {
                Some(reach) => format!("{} ({reach})", c.message()),
                None => c.message(),
            };
            result.insert("message".into(), json!({"text": text}));
            let mut location = Map::new();
            if let Some(l) = &f.location {
                location.insert(
                    "physicalLocation".into(),
                    json!({
                        "artifactLocation": {"uri": uri(&repo_path(style, &l.file))},
                        "region": {"startLine": l.line.max(1), "startColumn": l.column.max(1)},
                    }),
                );
            }
            let operations = c.operations();
            if !operations.is_empty() {
                let logical: Vec<Value> = operations
                    .iter()
                    .map(|o| json!({"fullyQualifiedName": o, "kind": "function"}))
                    .collect();
                location.insert("logicalLocations".into(), Value::Array(logical));
            }
            if !location.is_empty() {
                result.insert("locations".into(), json!([Value::Object(location)]));
            }
            result.insert(
                "partialFingerprints".into(),
                json!({"accordFingerprint/v1": crate::baseline::fingerprint(f)}),
            );
            if f.baselined {
                result.insert(
                    "suppressions".into(),
                    json!([{"kind": "external", "justification": "accepted in the accord baseline"}]),
                );
            }
            let mut properties = Map::new();
            for (key, value) in [
                ("subject", &f.subject),
                ("tenant", &f.tenant),
                ("fixture", &f.fixture),
                ("owner", &f.owner),
            ] {
                if let Some(value) = value {
                    properties.insert(key.into(), json!(value));
                }
            }
            if let Some(l) = &f.location {
                properties.insert("pointer".into(), json!(l.pointer.as_str()));
            }
            if c.places.len() > 1 {
                properties.insert("places".into(), json!(c.places.len()));
            }
            result.insert("properties".into(), Value::Object(properties));
            Value::Object(result)
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "accord",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(report, style))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_references_not_schemes() {
        assert_eq!(uri("contracts/apis/crm.yaml"), "contracts/apis/crm.yaml");
        assert_eq!(uri("main:api.yaml"), "main%3Aapi.yaml");
        assert_eq!(uri("a b/ü.yaml"), "a%20b/%C3%BC.yaml");
    }

    #[test]
    fn every_rule_has_a_one_sentence_summary() {
        for meta in rules::all() {
            let s = rules::summary(meta);
            assert!(!s.is_empty() && !s.contains("##"), "{}: {s}", meta.id);
        }
    }
}
