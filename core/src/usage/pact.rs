//! Pact files (specification v2, v3 and v4, JSON): each HTTP interaction a
//! consumer expects, read as an exchange (request, expected response) with
//! the line it starts at and its matching rules read as "this field, this
//! kind of value". Message interactions (v3 `messages`, v4 asynchronous
//! and synchronous messages) are left aside: they are not HTTP calls.
//!
//! The forms differ by version: v2 writes the query as a string
//! (`a=1&b=2`) and matching rules as `{"$.body.a": {"match": "type"}}`;
//! v3 writes the query as a map of lists and rules per category
//! (`{"body": {"$.a": {"matchers": [{"match": "type"}]}}}`); v4 writes
//! headers as lists too and bodies as `{"content": …, "contentType": …,
//! "encoded": …}`. Each is read by its shape, whatever the metadata says.

use std::path::Path;

use serde_json::{Map, Value};

use crate::fixtures::{Fixture, Request, Response};
use crate::load::{self, Document, Invalid};
use crate::model::pointer::JsonPointer;
use crate::model::target::{FieldPath, Step};

/// Why a Pact file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PactError {
    #[error(transparent)]
    Load(#[from] load::Error),
    #[error(transparent)]
    Invalid(#[from] Invalid),
}

/// One Pact file.
#[derive(Debug)]
pub struct Pact {
    pub consumer: Option<String>,
    pub provider: Option<String>,
    /// The specification version the metadata gives (`3.0.0`), if any.
    pub version: Option<String>,
    pub interactions: Vec<Interaction>,
    pub document: Document,
}

/// One HTTP interaction: what the consumer sends and what it expects back.
#[derive(Debug)]
pub struct Interaction {
    pub description: String,
    /// Where it is in the file (`/interactions/3`).
    pub at: JsonPointer,
    /// The request and the expected response (`id`: the description; no
    /// system, tenant or operation: the file does not say).
    pub exchange: Fixture,
    /// Where the request's and the response's bodies are.
    pub request_body_at: JsonPointer,
    pub response_body_at: JsonPointer,
    /// Fields of the expected response body that a matching rule covers,
    /// with the rule's kind (`type`, `regex`, `integer`…): the consumer
    /// expects a value of that kind, not the example's value.
    pub response_matchers: Vec<(FieldPath, String)>,
}

/// Whether a JSON document is a Pact file (a consumer and its interactions
/// or messages), not a schema.
pub fn looks_like_pact(root: &Value) -> bool {
    root.get("consumer").is_some_and(Value::is_object)
        && (root.get("interactions").is_some_and(Value::is_array)
            || root.get("messages").is_some_and(Value::is_array))
}

impl Pact {
    pub fn read(path: &Path) -> Result<Self, PactError> {
        Self::from_document(Document::read(path)?)
    }

    pub fn from_document(document: Document) -> Result<Self, PactError> {
        let root = JsonPointer::root();
        let Value::Object(top) = &document.root else {
            return Err(document
                .invalid(&root, "a Pact file is a JSON object with `interactions`")
                .into());
        };
        let name = |key: &str| {
            top.get(key)
                .and_then(|v| v.get("name"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let metadata = top.get("metadata");
        let version = ["pactSpecification", "pact-specification"]
            .iter()
            .find_map(|k| metadata?.get(k)?.get("version")?.as_str())
            .or_else(|| metadata?.get("pactSpecificationVersion")?.as_str())
            .map(str::to_owned);
        let list = match top.get("interactions") {
            Some(Value::Array(list)) => list.as_slice(),
            None if top.contains_key("messages") => &[],
            _ => {
                return Err(document
                    .invalid(&root, "a Pact file has a list of `interactions`")
                    .into());
            }
        };
        let mut interactions = Vec::new();
        for (index, value) in list.iter().enumerate() {
            let at = root.push("interactions").push_index(index);
            if let Some(interaction) = interaction(&document, value, at)? {
                interactions.push(interaction);
            }
        }
        Ok(Self {
            consumer: name("consumer"),
            provider: name("provider"),
            version,
            interactions,
            document,
        })
    }
}

fn interaction(
    document: &Document,
    value: &Value,
    at: JsonPointer,
) -> Result<Option<Interaction>, Invalid> {
    let Value::Object(members) = value else {
        return Err(document.invalid(&at, "an interaction is an object"));
    };
    // v4 names its kind; only HTTP interactions are calls.
    if let Some(kind) = members.get("type").and_then(Value::as_str)
        && !kind.eq_ignore_ascii_case("Synchronous/HTTP")
    {
        return Ok(None);
    }
    let description = members
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("(no description)")
        .to_owned();
    let part = |key: &str| -> Result<&Map<String, Value>, Invalid> {
        match members.get(key) {
            Some(Value::Object(part)) => Ok(part),
            _ => Err(document.invalid(
                &at,
                format!("interaction `{description}` has no `{key}` object"),
            )),
        }
    };
    let (request, response) = (part("request")?, part("response")?);
    let method = request
        .get("method")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            document.invalid(
                &at.push("request"),
                format!("interaction `{description}`: the request has no `method`"),
            )
        })?
        .to_ascii_uppercase();
    let path = request
        .get("path")
        .and_then(Value::as_str)
        .unwrap_or("/")
        .to_owned();
    let status = response
        .get("status")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .ok_or_else(|| {
            document.invalid(
                &at.push("response"),
                format!("interaction `{description}`: the response has no `status`"),
            )
        })?;
    let (request_body, request_body_at) = body(request, &at.push("request"));
    let (response_body, response_body_at) = body(response, &at.push("response"));
    let exchange = Fixture {
        id: description.clone(),
        request: Request {
            method,
            path,
            query: query(request.get("query")),
            headers: headers(request.get("headers")),
            body: request_body,
        },
        response: Response {
            status,
            headers: headers(response.get("headers")),
            body: response_body,
        },
        ..Fixture::default()
    };
    Ok(Some(Interaction {
        description,
        at,
        exchange,
        request_body_at,
        response_body_at,
        response_matchers: matchers(response.get("matchingRules")),
    }))
}

/// A request's or response's body and where it is: v4 wraps it
/// (`{"content": …, "encoded": …}`); a body encoded as base64 is not read.
fn body(part: &Map<String, Value>, at: &JsonPointer) -> (Value, JsonPointer) {
    let at = at.push("body");
    match part.get("body") {
        None => (Value::Null, at),
        Some(Value::Object(wrapped)) if wrapped.contains_key("content") => {
            let content = wrapped.get("content").cloned().unwrap_or(Value::Null);
            let at = at.push("content");
            match (wrapped.get("encoded"), content) {
                (None | Some(Value::Bool(false)), content) => (content, at),
                (Some(Value::String(e)), Value::String(text)) if e.eq_ignore_ascii_case("json") => {
                    (serde_json::from_str(&text).unwrap_or(Value::Null), at)
                }
                _ => (Value::Null, at),
            }
        }
        Some(body) => (body.clone(), at),
    }
}

/// v2: `a=1&b=2`; v3 and v4: `{"a": ["1"]}`.
fn query(value: Option<&Value>) -> Vec<(String, String)> {
    match value {
        Some(Value::String(text)) => text
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (name.to_owned(), value.to_owned())
            })
            .collect(),
        Some(Value::Object(map)) => map
            .iter()
            .flat_map(|(name, values)| {
                let values: Vec<String> = match values {
                    Value::Array(list) => list.iter().map(text).collect(),
                    other => vec![text(other)],
                };
                values.into_iter().map(move |v| (name.clone(), v))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// v2 and v3: `{"A": "x"}`; v4: `{"A": ["x"]}`.
fn headers(value: Option<&Value>) -> Vec<(String, String)> {
    let Some(Value::Object(map)) = value else {
        return Vec::new();
    };
    map.iter()
        .map(|(name, value)| {
            let value = match value {
                Value::Array(list) => list.iter().map(text).collect::<Vec<_>>().join(", "),
                other => text(other),
            };
            (name.clone(), value)
        })
        .collect()
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The body fields a response's matching rules cover, with each rule's
/// kind: v2 `{"$.body.a": {"match": "type"}}`, v3/v4 `{"body": {"$.a":
/// {"matchers": [{"match": "type"}]}}}`.
fn matchers(rules: Option<&Value>) -> Vec<(FieldPath, String)> {
    let Some(Value::Object(rules)) = rules else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let kinds = |rule: &Value| -> Vec<String> {
        let one = |m: &Value| m.get("match").and_then(Value::as_str).map(str::to_owned);
        match rule.get("matchers") {
            Some(Value::Array(list)) => list.iter().filter_map(one).collect(),
            _ => one(rule).into_iter().collect(),
        }
    };
    match rules.get("body") {
        // v3 and v4: per category.
        Some(Value::Object(body)) => {
            for (path, rule) in body {
                if let Some(field) = json_path(path) {
                    out.extend(kinds(rule).into_iter().map(|k| (field.clone(), k)));
                }
            }
        }
        // v2: one map, paths from the response (`$.body.…`).
        _ => {
            for (path, rule) in rules {
                if let Some(rest) = path.strip_prefix("$.body")
                    && let Some(field) = json_path(&format!("${rest}"))
                {
                    out.extend(kinds(rule).into_iter().map(|k| (field.clone(), k)));
                }
            }
        }
    }
    out
}

/// A Pact JSON path (`$.a.b[*].c`, `$['a-b'][0]`, `$.*`) as a field path;
/// `None` for what it cannot read.
pub fn json_path(path: &str) -> Option<FieldPath> {
    let mut rest = path.strip_prefix('$')?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let (name, tail) = after.split_at(end);
            steps.push(match name {
                "*" => Step::AnyName,
                "" => return None,
                name => Step::Name(name.to_owned()),
            });
            rest = tail;
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']')?;
            let (inside, tail) = after.split_at(end);
            let inside = inside.trim();
            steps.push(
                if let Some(name) = inside.strip_prefix('\'').and_then(|n| n.strip_suffix('\'')) {
                    Step::Name(name.to_owned())
                } else if inside == "*" || inside.parse::<usize>().is_ok() {
                    Step::Items
                } else {
                    return None;
                },
            );
            rest = tail.get(1..).unwrap_or_default();
        } else {
            return None;
        }
    }
    Some(FieldPath(steps))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pact(json: &str) -> Pact {
        let document = Document::parse("p.json".into(), json.as_bytes().to_vec()).unwrap();
        Pact::from_document(document).unwrap()
    }

    #[test]
    fn a_v2_pact_reads_its_query_string_and_flat_matching_rules() {
        let p = pact(
            r#"{"consumer": {"name": "portal"}, "provider": {"name": "crm"},
              "interactions": [{"description": "an account",
                "request": {"method": "get", "path": "/accounts/1", "query": "fields=all&x=1"},
                "response": {"status": 200, "headers": {"ETag": "1"}, "body": {"Name": "Acme", "lines": [{"sku": "A"}]},
                  "matchingRules": {"$.body.Name": {"match": "type"}, "$.body.lines[*].sku": {"match": "regex", "regex": "A"}}}}],
              "metadata": {"pactSpecification": {"version": "2.0.0"}}}"#,
        );
        assert_eq!(
            (
                p.consumer.as_deref(),
                p.provider.as_deref(),
                p.version.as_deref()
            ),
            (Some("portal"), Some("crm"), Some("2.0.0"))
        );
        let i = &p.interactions[0];
        assert_eq!(i.exchange.request.method, "GET");
        assert_eq!(
            i.exchange.request.query,
            [
                ("fields".to_owned(), "all".to_owned()),
                ("x".to_owned(), "1".to_owned())
            ]
        );
        assert_eq!(i.exchange.response.body["Name"], "Acme");
        let rules: Vec<String> = i
            .response_matchers
            .iter()
            .map(|(f, k)| format!("{f} {k}"))
            .collect();
        assert_eq!(rules, ["Name type", "lines[].sku regex"]);
    }

    #[test]
    fn v3_and_v4_pacts_read_their_maps_lists_and_wrapped_bodies() {
        let v3 = pact(
            r#"{"interactions": [{"description": "d",
                "request": {"method": "POST", "path": "/a", "query": {"q": ["1", "2"]}, "body": {"Name": "x"}},
                "response": {"status": 201, "body": {"Id": "1"},
                  "matchingRules": {"body": {"$.Id": {"matchers": [{"match": "type"}], "combine": "AND"}}}}}]}"#,
        );
        let i = &v3.interactions[0];
        assert_eq!(i.exchange.request.query.len(), 2);
        assert_eq!(i.exchange.request.body["Name"], "x");
        assert_eq!(i.response_matchers[0].1, "type");
        let v4 = pact(
            r#"{"interactions": [
                {"type": "Asynchronous/Messages", "description": "an event"},
                {"type": "Synchronous/HTTP", "description": "get",
                 "request": {"method": "GET", "path": "/a", "headers": {"X-Tenant-Id": ["acme"]}},
                 "response": {"status": 200, "headers": {"Content-Type": ["application/json"]},
                   "body": {"content": {"Name": "Acme"}, "contentType": "application/json", "encoded": false}}},
                {"type": "Synchronous/HTTP", "description": "encoded",
                 "request": {"method": "GET", "path": "/b"},
                 "response": {"status": 200, "body": {"content": "{\"A\": 1}", "contentType": "application/json", "encoded": "JSON"}}}],
              "metadata": {"pactSpecification": {"version": "4.0"}}}"#,
        );
        // The message interaction is not a call.
        assert_eq!(v4.interactions.len(), 2);
        let get = &v4.interactions[0];
        assert_eq!(
            get.exchange.request.headers,
            [("X-Tenant-Id".to_owned(), "acme".to_owned())]
        );
        assert_eq!(get.exchange.response.body["Name"], "Acme");
        assert_eq!(
            get.response_body_at.as_str(),
            "/interactions/1/response/body/content"
        );
        assert_eq!(v4.interactions[1].exchange.response.body["A"], 1);
    }

    #[test]
    fn a_broken_pact_names_its_line() {
        let document = Document::parse(
            "p.json".into(),
            b"{\"interactions\": [\n {\"description\": \"x\",\n  \"request\": {\"path\": \"/a\"}, \"response\": {\"status\": 200}}]}".to_vec(),
        )
        .unwrap();
        let e = Pact::from_document(document).unwrap_err().to_string();
        assert!(e.starts_with("p.json:3:"), "{e}");
        assert!(e.contains("no `method`"), "{e}");
    }

    #[test]
    fn json_paths_read_as_field_paths() {
        let read = |p: &str| json_path(p).map(|f| f.to_string());
        assert_eq!(read("$.a.b[*].c").as_deref(), Some("a.b[].c"));
        assert_eq!(read("$['a-b'][0]").as_deref(), Some("a-b[]"));
        assert_eq!(read("$.*").as_deref(), Some("*"));
        assert_eq!(read("$").as_deref(), Some(""));
        assert_eq!(read("a.b"), None);
    }
}
