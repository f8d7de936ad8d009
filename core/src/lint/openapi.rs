//! What the governance rules look for in an OpenAPI contract (3.0 or 3.1).

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Found, LintIssue, text};
use crate::config::{ApiVersion, LintSettings, TenantIdentification};
use crate::load::{Contract, NodeRef};
use crate::model::openapi::METHODS;

/// Query parameters that page through a list.
const PAGINATION: &[&str] = &[
    "cursor",
    "page",
    "pagetoken",
    "page_token",
    "pagesize",
    "page_size",
    "per_page",
    "perpage",
    "offset",
    "limit",
    "after",
    "before",
    "starting_after",
    "ending_before",
    "next",
    "continuation",
    "continuationtoken",
    "skip",
    "top",
    "$top",
    "$skip",
    "size",
];

/// The members that hold a list's records in common list envelopes.
const LIST_MEMBERS: &[&str] = &[
    "data", "items", "records", "results", "entries", "elements", "values", "content", "list",
];

/// Plural words that do not end in `s`.
const PLURALS: &[&str] = &[
    "people",
    "data",
    "media",
    "children",
    "criteria",
    "metadata",
    "men",
    "women",
    "feedback",
    "staff",
    "inventory",
];

fn kebab(segment: &str) -> bool {
    !segment.is_empty()
        && segment
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && !segment.starts_with('-')
        && !segment.ends_with('-')
}

/// Words that make a segment an action or a lookup (`cancel/{id}`,
/// `by-external-id/{id}`, `find_by_email/{email}`), not a collection.
const NOT_COLLECTIONS: &[&str] = &[
    "by",
    "find",
    "search",
    "lookup",
    "get",
    "cancel",
    "complete",
    "confirm",
    "capture",
    "refund",
    "void",
    "approve",
    "reject",
    "publish",
    "retry",
    "resolve",
    "close",
    "open",
    "reopen",
    "activate",
    "deactivate",
    "archive",
    "restore",
    "verify",
    "validate",
    "export",
    "import",
    "download",
    "upload",
];

fn plural(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(['-', '_', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| NOT_COLLECTIONS.contains(w)) {
        return true;
    }
    lower.ends_with('s') || PLURALS.iter().any(|p| lower.ends_with(p))
}

fn is_parameter(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// A version segment (`v1`, `v2.1`) or an API root (`api`): not a resource.
fn is_version(segment: &str) -> bool {
    segment == "api"
        || segment.strip_prefix(['v', 'V']).is_some_and(|rest| {
            !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        })
}

struct Walk<'c, 's> {
    contract: &'c Contract,
    settings: &'s LintSettings,
    out: Vec<Found>,
    ids: BTreeMap<String, String>,
}

impl<'c> Walk<'c, '_> {
    fn push(
        &mut self,
        issue: LintIssue,
        node: NodeRef,
        operation: Option<&str>,
        path: Option<&str>,
    ) {
        self.out.push(Found {
            issue,
            node,
            operation: operation.map(str::to_owned),
            path: path.map(str::to_owned),
        });
    }

    /// The parameters of an operation and its path item, resolved.
    fn parameters(&self, item: &NodeRef, op: &NodeRef) -> Vec<&'c Value> {
        let mut out = Vec::new();
        for owner in [item, op] {
            let list = owner.push("parameters");
            let Some(Value::Array(items)) = self.contract.value(&list) else {
                continue;
            };
            for index in 0..items.len() {
                let node = list.push_index(index);
                if let Some((_, value)) = self.contract.dereference(&node) {
                    out.push(value);
                }
            }
        }
        out
    }

    fn has_header_parameter(parameters: &[&Value], name: &str) -> bool {
        parameters.iter().any(|p| {
            p.get("in").and_then(Value::as_str) == Some("header")
                && text(p.get("name")).is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    }

    fn path(&mut self, paths: &NodeRef, template: &str) {
        let node = paths.push(template);
        let segments: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
        for (index, segment) in segments.iter().enumerate() {
            if is_parameter(segment) || is_version(segment) {
                continue;
            }
            if !kebab(segment) {
                self.push(
                    LintIssue::PathSegmentCase {
                        segment: (*segment).to_owned(),
                    },
                    node.clone(),
                    None,
                    Some(template),
                );
            }
            if segments.get(index + 1).is_some_and(|s| is_parameter(s)) && !plural(segment) {
                self.push(
                    LintIssue::PathCollectionSingular {
                        segment: (*segment).to_owned(),
                    },
                    node.clone(),
                    None,
                    Some(template),
                );
            }
        }
    }

    #[allow(clippy::too_many_lines)]
    fn operation(&mut self, template: &str, item: &NodeRef, method: &str, global_security: bool) {
        let contract = self.contract;
        let op = item.push(method);
        let Some(value) = contract.value(&op) else {
            return;
        };
        let name = format!("{} {template}", method.to_ascii_uppercase());
        let here = Some(name.as_str());
        let path = Some(template);
        match text(value.get("operationId")) {
            None => self.push(LintIssue::OperationIdMissing, op.clone(), here, path),
            Some(id) => match self.ids.get(id) {
                Some(first) => {
                    let issue = LintIssue::OperationIdDuplicate {
                        id: id.to_owned(),
                        first: first.clone(),
                    };
                    self.push(issue, op.push("operationId"), here, path);
                }
                None => {
                    self.ids.insert(id.to_owned(), name.clone());
                }
            },
        }
        if value.get("deprecated").and_then(Value::as_bool) == Some(true)
            && value.get("x-sunset").is_none()
        {
            let issue = LintIssue::SunsetMissing {
                what: "the operation".to_owned(),
            };
            self.push(issue, op.push("deprecated"), here, path);
        }
        match value.get("security") {
            Some(Value::Array(requirements)) => {
                let public = requirements.is_empty()
                    || requirements
                        .iter()
                        .all(|r| r.as_object().is_some_and(serde_json::Map::is_empty));
                if public {
                    let issue = LintIssue::SecurityMissing {
                        explicitly_public: true,
                    };
                    self.push(issue, op.push("security"), here, path);
                }
            }
            _ if !global_security => {
                let issue = LintIssue::SecurityMissing {
                    explicitly_public: false,
                };
                self.push(issue, op.clone(), here, path);
            }
            _ => {}
        }
        let parameters = self.parameters(item, &op);
        if method == "post"
            && let Some(header) = &self.settings.idempotency_key
            && !Self::has_header_parameter(&parameters, header)
        {
            let issue = LintIssue::IdempotencyKeyMissing {
                header: header.clone(),
            };
            self.push(issue, op.clone(), here, path);
        }
        if let Some(header) = &self.settings.correlation_id
            && !Self::has_header_parameter(&parameters, header)
        {
            let issue = LintIssue::CorrelationIdMissing {
                header: header.clone(),
                side: "request",
            };
            self.push(issue, op.clone(), here, path);
        }
        match &self.settings.tenant {
            Some(TenantIdentification::Header(header))
                if !Self::has_header_parameter(&parameters, header) =>
            {
                let issue = LintIssue::TenantIdentificationMissing {
                    how: format!("the `{header}` header"),
                };
                self.push(issue, op.clone(), here, path);
            }
            Some(TenantIdentification::PathParameter(name))
                if !template.contains(&format!("{{{name}}}")) =>
            {
                let issue = LintIssue::TenantIdentificationMissing {
                    how: format!("the `{{{name}}}` path parameter"),
                };
                self.push(issue, op.clone(), here, path);
            }
            Some(TenantIdentification::Claim(claim))
                if !self.token_secured(value, global_security) =>
            {
                let issue = LintIssue::TenantIdentificationMissing {
                    how: format!("a bearer or OAuth token (for its `{claim}` claim)"),
                };
                self.push(issue, op.clone(), here, path);
            }
            _ => {}
        }
        if let Some(ApiVersion::Header(header)) = &self.settings.api_version
            && !Self::has_header_parameter(&parameters, header)
        {
            let issue = LintIssue::ApiVersionMissing {
                how: format!("the `{header}` header"),
            };
            self.push(issue, op.clone(), here, path);
        }
        let responses = op.push("responses");
        let Some(Value::Object(map)) = contract.value(&responses) else {
            self.push(LintIssue::SuccessResponseMissing, op.clone(), here, path);
            return;
        };
        let statuses: Vec<&String> = map.keys().collect();
        let success = statuses
            .iter()
            .any(|s| s.starts_with('2') || s.starts_with('3'));
        let errors: Vec<&&String> = statuses
            .iter()
            .filter(|s| s.starts_with('4') || s.starts_with('5') || s.as_str() == "default")
            .collect();
        if !success {
            self.push(
                LintIssue::SuccessResponseMissing,
                responses.clone(),
                here,
                path,
            );
        }
        if errors.is_empty() {
            self.push(
                LintIssue::ErrorResponseMissing,
                responses.clone(),
                here,
                path,
            );
        }
        for status in errors {
            let node = responses.push(status);
            let Some((at, response)) = contract.dereference(&node) else {
                continue;
            };
            let Some(Value::Object(content)) = response.get("content") else {
                continue;
            };
            let problem = content.keys().find(|m| {
                m.to_ascii_lowercase()
                    .starts_with("application/problem+json")
            });
            let why = match problem {
                None => Some(format!(
                    "its body is {}, not `application/problem+json`",
                    content
                        .keys()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                Some(media) => {
                    let schema = at.push("content").push(media).push("schema");
                    match contract.value(&schema) {
                        Some(value) if value.get("$ref").is_none() => Some(
                            "its problem schema is written inline, not a `$ref` to the shared one"
                                .to_owned(),
                        ),
                        _ => None,
                    }
                }
            };
            if let Some(why) = why {
                let issue = LintIssue::ErrorNotProblemDetails {
                    status: (*status).clone(),
                    why,
                };
                self.push(issue, node, here, path);
            }
        }
        if self.settings.rate_limited {
            let missing = match map.get("429") {
                None => Some("a `429` response"),
                Some(_) => {
                    let node = responses.push("429");
                    let documented = contract
                        .dereference(&node)
                        .and_then(|(_, r)| r.get("headers"))
                        .and_then(Value::as_object)
                        .is_some_and(|h| h.keys().any(|k| k.eq_ignore_ascii_case("retry-after")));
                    (!documented).then_some("`Retry-After` on its `429` response")
                }
            };
            if let Some(missing) = missing {
                let issue = LintIssue::RateLimitUndocumented {
                    missing: missing.to_owned(),
                };
                self.push(issue, responses.clone(), here, path);
            }
        }
        if let Some(header) = self.settings.correlation_id.clone() {
            let echoed = map.keys().filter(|s| s.starts_with('2')).all(|status| {
                contract
                    .dereference(&responses.push(status))
                    .and_then(|(_, r)| r.get("headers"))
                    .and_then(Value::as_object)
                    .is_some_and(|h| h.keys().any(|k| k.eq_ignore_ascii_case(&header)))
            });
            if !echoed {
                let issue = LintIssue::CorrelationIdMissing {
                    header,
                    side: "response",
                };
                self.push(issue, responses.clone(), here, path);
            }
        }
        let last = template
            .rsplit('/')
            .find(|s| !s.is_empty())
            .unwrap_or_default();
        if method == "get" && !is_parameter(last) && self.lists(&responses, last) {
            let paged = parameters.iter().any(|p| {
                p.get("in").and_then(Value::as_str) == Some("query")
                    && text(p.get("name"))
                        .is_some_and(|n| PAGINATION.contains(&n.to_ascii_lowercase().as_str()))
            });
            if !paged {
                self.push(LintIssue::PaginationMissing, op.clone(), here, path);
            }
        }
    }

    /// Whether the operation is secured by a token (bearer, OAuth 2,
    /// OpenID Connect), its own requirement or the global one.
    fn token_secured(&self, operation: &Value, global: bool) -> bool {
        let root = &self.contract.root().root;
        let requirements = match operation.get("security") {
            Some(Value::Array(r)) => r,
            _ if global => match root.get("security") {
                Some(Value::Array(r)) => r,
                _ => return false,
            },
            _ => return false,
        };
        let schemes = root.pointer("/components/securitySchemes");
        requirements
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|r| r.keys())
            .any(|name| {
                let scheme = schemes.and_then(|s| s.get(name));
                let kind = scheme.and_then(|s| s.get("type")).and_then(Value::as_str);
                let http = scheme.and_then(|s| s.get("scheme")).and_then(Value::as_str);
                matches!(kind, Some("oauth2" | "openIdConnect"))
                    || (kind == Some("http")
                        && http.is_some_and(|h| h.eq_ignore_ascii_case("bearer")))
            })
    }

    /// Whether the operation's success answer is a list: an array, or an
    /// object with an array member (`records`, `data`, `items`).
    fn lists(&self, responses: &NodeRef, collection: &str) -> bool {
        let contract = self.contract;
        let Some(Value::Object(map)) = contract.value(responses) else {
            return false;
        };
        map.keys().filter(|s| s.starts_with('2')).any(|status| {
            let Some((at, response)) = contract.dereference(&responses.push(status)) else {
                return false;
            };
            let Some(Value::Object(content)) = response.get("content") else {
                return false;
            };
            content.keys().any(|media| {
                let schema = at.push("content").push(media).push("schema");
                let Some((schema_at, schema)) = contract.dereference(&schema) else {
                    return false;
                };
                if is_array(schema) {
                    return true;
                }
                let Some(Value::Object(properties)) = schema.get("properties") else {
                    return false;
                };
                // A list envelope's member (`data`, `items`, `records`, or
                // the collection's own name), not any array of a record
                // (a balance's `available` amounts).
                properties.keys().any(|name| {
                    let lower = name.to_ascii_lowercase();
                    let listing = LIST_MEMBERS.contains(&lower.as_str())
                        || lower == collection.to_ascii_lowercase();
                    let node = schema_at.push("properties").push(name);
                    listing
                        && contract
                            .dereference(&node)
                            .is_some_and(|(_, v)| is_array(v))
                })
            })
        })
    }
}

/// Whether a property name is in the case asked for (`_links`-style
/// names that start with `_` or `$` are left alone).
pub fn in_case(name: &str, case: &str) -> bool {
    if name.starts_with(['_', '$', '@']) {
        return true;
    }
    let alnum = |b: u8| b.is_ascii_alphanumeric();
    match case {
        "snake_case" => name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
        "PascalCase" => {
            name.bytes().next().is_some_and(|b| b.is_ascii_uppercase()) && name.bytes().all(alnum)
        }
        _ => name.bytes().next().is_some_and(|b| b.is_ascii_lowercase()) && name.bytes().all(alnum),
    }
}

fn is_array(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "array",
        Some(Value::Array(types)) => types.iter().any(|t| t == "array"),
        _ => false,
    }
}

/// Every issue of an OpenAPI contract.
pub fn lint(contract: &Contract, settings: &LintSettings) -> Vec<Found> {
    let root = contract.root_node();
    let mut walk = Walk {
        contract,
        settings,
        out: Vec::new(),
        ids: BTreeMap::new(),
    };
    let version_node = root.push("info").push("version");
    match text(contract.value(&version_node)) {
        Some(version) if semver::Version::parse(version).is_ok() => {}
        version => {
            let issue = LintIssue::InfoVersionNotSemver {
                version: version.unwrap_or_default().to_owned(),
            };
            walk.push(issue, version_node, None, None);
        }
    }
    let global_security = match contract.value(&root.push("security")) {
        Some(Value::Array(requirements)) => requirements
            .iter()
            .any(|r| r.as_object().is_some_and(|o| !o.is_empty())),
        _ => false,
    };
    let paths = root.push("paths");
    let templates: Vec<String> = match contract.value(&paths) {
        Some(Value::Object(map)) => map.keys().filter(|k| k.starts_with('/')).cloned().collect(),
        _ => Vec::new(),
    };
    // Templated paths of one shape (`/journals/{id}`, `/journals/{number}`):
    // the first of each shape, by which the later ones are reported.
    let mut shapes: BTreeMap<String, &String> = BTreeMap::new();
    for template in &templates {
        walk.path(&paths, template);
        let shape = crate::model::openapi::path_shape(template);
        if shape != *template {
            match shapes.get(&shape) {
                Some(first) => {
                    let issue = LintIssue::PathAmbiguous {
                        first: (*first).clone(),
                    };
                    walk.push(issue, paths.push(template), None, Some(template));
                }
                None => {
                    shapes.insert(shape, template);
                }
            }
        }
        let node = paths.push(template);
        let Some((item, value)) = contract.dereference(&node) else {
            continue;
        };
        for method in METHODS {
            if value.get(method).is_some_and(Value::is_object) {
                walk.operation(template, &item, method, global_security);
            }
        }
    }
    if settings.api_version == Some(ApiVersion::Path(true)) {
        let in_server = contract
            .value(&root.push("servers"))
            .and_then(Value::as_array)
            .is_some_and(|servers| {
                servers
                    .iter()
                    .filter_map(|s| text(s.get("url")))
                    .any(|url| url.split('/').any(is_version))
            });
        if !in_server {
            for template in &templates {
                if !template.split('/').any(|s| s != "api" && is_version(s)) {
                    let issue = LintIssue::ApiVersionMissing {
                        how: "a `/v1` segment (in the server URL or the path)".to_owned(),
                    };
                    walk.push(issue, paths.push(template), None, Some(template));
                }
            }
        }
    }
    if let Some(case) = &settings.property_case {
        let schemas = root.push("components").push("schemas");
        if let Some(Value::Object(map)) = contract.value(&schemas) {
            for (name, schema) in map {
                let Some(Value::Object(properties)) = schema.get("properties") else {
                    continue;
                };
                for property in properties.keys() {
                    if !in_case(property, case) {
                        let issue = LintIssue::PropertyCase {
                            property: format!("{name}.{property}"),
                            case: match case.as_str() {
                                "snake_case" => "snake_case",
                                "PascalCase" => "PascalCase",
                                _ => "camelCase",
                            },
                        };
                        walk.push(
                            issue,
                            schemas.push(name).push("properties").push(property),
                            None,
                            None,
                        );
                    }
                }
            }
        }
    }
    // Deprecated properties of the component schemas need a sunset too.
    let schemas = root.push("components").push("schemas");
    if let Some(Value::Object(map)) = contract.value(&schemas) {
        for (name, schema) in map {
            let Some(Value::Object(properties)) = schema.get("properties") else {
                continue;
            };
            for (property, value) in properties {
                if value.get("deprecated").and_then(Value::as_bool) == Some(true)
                    && value.get("x-sunset").is_none()
                {
                    let node = schemas
                        .push(name)
                        .push("properties")
                        .push(property)
                        .push("deprecated");
                    let issue = LintIssue::SunsetMissing {
                        what: format!("property `{property}` of `{name}`"),
                    };
                    walk.push(issue, node, None, None);
                }
            }
        }
    }
    walk.out
}
