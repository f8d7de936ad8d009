//! Who uses what (issue 18's first step): the evidence of use that recorded
//! fixtures hold, indexed by system, operation and element, each use with
//! the tenant that made it and the line of the fixture that shows it.
//!
//! A fixture of `GET /accounts/{accountId}` for tenant `acme` that sent the
//! header `X-Tenant-Id` and read `BillingAddress.city` in its `200` answer
//! says that acme uses the operation, that parameter and that response
//! field. Array elements are merged: `lines[].sku` is one field however many
//! lines a recording holds.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::fixtures::Fixture;
use crate::load::Document;
use crate::model::pointer::JsonPointer;

/// One element of an operation that a client can use.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Element {
    /// The operation itself (it was called).
    Operation,
    /// A parameter sent: `query`, `header` (names lower-cased), or `path`
    /// (the recording's path matched the template).
    Parameter { location: String, name: String },
    /// A field of the request body sent, as a path (`lines[].sku`).
    RequestField(String),
    /// A field of a response body read, with the response's status.
    ResponseField { status: u16, path: String },
}

/// Where a use is shown: the fixture's file and line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Evidence {
    pub file: String,
    pub line: u32,
    pub fixture: String,
}

/// Who used an element (`None`: a fixture of no tenant), and where it shows.
pub type User = (Option<String>, Evidence);

/// Every use, by system and operation, then by element.
#[derive(Debug, Default)]
pub struct Usage {
    uses: BTreeMap<(String, String), BTreeMap<Element, BTreeSet<User>>>,
}

/// Request headers that say nothing about what a client relies on.
const TRANSPORT_HEADERS: &[&str] = &[
    "accept",
    "accept-encoding",
    "authorization",
    "connection",
    "content-length",
    "content-type",
    "cookie",
    "host",
    "user-agent",
];

impl Usage {
    /// The uses the fixtures show. A fixture without an operation (one
    /// that matched none) shows nothing.
    pub fn from_fixtures<'a>(
        fixtures: impl IntoIterator<Item = (&'a Fixture, &'a Document)>,
    ) -> Self {
        let mut usage = Self::default();
        for (fixture, document) in fixtures {
            usage.add(fixture, document);
        }
        usage
    }

    fn add(&mut self, fixture: &Fixture, document: &Document) {
        let Some(operation) = fixture.operation.clone() else {
            return;
        };
        let tenant = fixture.tenant.clone();
        let evidence = |pointer: &JsonPointer| Evidence {
            file: document.display_path(),
            line: document.position(pointer).line,
            fixture: fixture.id.clone(),
        };
        let uses = self
            .uses
            .entry((fixture.system.clone(), operation.clone()))
            .or_default();
        let mut record = |element: Element, pointer: &JsonPointer| {
            uses.entry(element)
                .or_default()
                .insert((tenant.clone(), evidence(pointer)));
        };
        let request = JsonPointer::root().push("request");
        record(Element::Operation, &request.push("path"));
        for (name, _) in &fixture.request.query {
            record(
                Element::Parameter {
                    location: "query".to_owned(),
                    name: name.clone(),
                },
                &request.push("query").push(name),
            );
        }
        for (name, _) in &fixture.request.headers {
            let lower = name.to_ascii_lowercase();
            if TRANSPORT_HEADERS.contains(&lower.as_str()) {
                continue;
            }
            record(
                Element::Parameter {
                    location: "header".to_owned(),
                    name: lower,
                },
                &request.push("headers").push(name),
            );
        }
        for name in path_parameters(&operation) {
            record(
                Element::Parameter {
                    location: "path".to_owned(),
                    name,
                },
                &request.push("path"),
            );
        }
        let mut fields = BTreeMap::new();
        walk(
            &fixture.request.body,
            &request.push("body"),
            "",
            &mut fields,
        );
        for (path, pointer) in fields {
            record(Element::RequestField(path), &pointer);
        }
        let response = JsonPointer::root().push("response");
        let mut fields = BTreeMap::new();
        walk(
            &fixture.response.body,
            &response.push("body"),
            "",
            &mut fields,
        );
        for (path, pointer) in fields {
            let status = fixture.response.status;
            record(Element::ResponseField { status, path }, &pointer);
        }
    }

    /// The operations of `system` that something uses.
    pub fn operations(&self, system: &str) -> Vec<&str> {
        self.uses
            .keys()
            .filter(|(s, _)| s == system)
            .map(|(_, operation)| operation.as_str())
            .collect()
    }

    /// Who uses `element` of `operation` of `system`, and where it shows.
    pub fn users(&self, system: &str, operation: &str, element: &Element) -> Vec<&User> {
        self.uses
            .get(&(system.to_owned(), operation.to_owned()))
            .and_then(|elements| elements.get(element))
            .map(|users| users.iter().collect())
            .unwrap_or_default()
    }

    /// Every element of `operation` of `system` that something uses.
    pub fn elements(&self, system: &str, operation: &str) -> Vec<&Element> {
        self.uses
            .get(&(system.to_owned(), operation.to_owned()))
            .map(|elements| elements.keys().collect())
            .unwrap_or_default()
    }
}

/// The `{name}`s of an operation's path template (`GET /a/{id}` → `id`).
fn path_parameters(operation: &str) -> Vec<String> {
    operation
        .split(['{', '}'])
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, name)| name.to_owned())
        .filter(|name| !name.is_empty())
        .collect()
}

/// Every field below `value` (members of objects, arrays merged) with the
/// pointer of its first occurrence: `lines[].sku`.
fn walk(value: &Value, at: &JsonPointer, path: &str, out: &mut BTreeMap<String, JsonPointer>) {
    match value {
        Value::Object(members) => {
            for (name, child) in members {
                let here = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                out.entry(here.clone()).or_insert_with(|| at.push(name));
                walk(child, &at.push(name), &here, out);
            }
        }
        Value::Array(items) => {
            let here = format!("{path}[]");
            for (index, item) in items.iter().enumerate() {
                walk(item, &at.push_index(index), &here, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn fixture(yaml: &str) -> (Fixture, Document) {
        let document = Document::parse(PathBuf::from("f.yaml"), yaml.as_bytes().to_vec()).unwrap();
        let fixture = Fixture::from_document(&document).unwrap();
        (fixture, document)
    }

    const HQ: &str = "id: crm-acme-hq\nsystem: crm\ntenant: acme\noperation: GET /accounts/{accountId}\nrequest:\n  method: GET\n  path: /accounts/1\n  query: {fields: all}\n  headers: {Accept: application/json, X-Tenant-Id: acme}\n  body: null\nresponse:\n  status: 200\n  headers: {}\n  body:\n    Name: Acme\n    Addresses:\n      - {city: Stuttgart}\n      - {city: Hamburg, zip: '20457'}\n";

    #[test]
    fn a_fixture_shows_its_operation_parameters_and_fields_with_lines() {
        let (f, d) = fixture(HQ);
        let usage = Usage::from_fixtures([(&f, &d)]);
        assert_eq!(usage.operations("crm"), ["GET /accounts/{accountId}"]);
        let elements: Vec<String> = usage
            .elements("crm", "GET /accounts/{accountId}")
            .into_iter()
            .map(|e| format!("{e:?}"))
            .collect();
        assert_eq!(
            elements,
            [
                "Operation",
                "Parameter { location: \"header\", name: \"x-tenant-id\" }",
                "Parameter { location: \"path\", name: \"accountId\" }",
                "Parameter { location: \"query\", name: \"fields\" }",
                "ResponseField { status: 200, path: \"Addresses\" }",
                "ResponseField { status: 200, path: \"Addresses[].city\" }",
                "ResponseField { status: 200, path: \"Addresses[].zip\" }",
                "ResponseField { status: 200, path: \"Name\" }",
            ]
        );
        let city = Element::ResponseField {
            status: 200,
            path: "Addresses[].city".to_owned(),
        };
        let users = usage.users("crm", "GET /accounts/{accountId}", &city);
        assert_eq!(users.len(), 1);
        let (tenant, evidence) = users[0];
        assert_eq!(tenant.as_deref(), Some("acme"));
        assert_eq!(
            (evidence.fixture.as_str(), evidence.line),
            ("crm-acme-hq", 17)
        );
    }

    #[test]
    fn two_tenants_using_one_field_are_both_named() {
        let (a, da) = fixture(HQ);
        let globex = HQ
            .replace("tenant: acme", "tenant: globex")
            .replace("id: crm-acme-hq", "id: crm-globex-hq");
        let (b, db) = fixture(&globex);
        let usage = Usage::from_fixtures([(&a, &da), (&b, &db)]);
        let name = Element::ResponseField {
            status: 200,
            path: "Name".to_owned(),
        };
        let tenants: Vec<Option<&str>> = usage
            .users("crm", "GET /accounts/{accountId}", &name)
            .into_iter()
            .map(|(t, _)| t.as_deref())
            .collect();
        assert_eq!(tenants, [Some("acme"), Some("globex")]);
        // A field nobody read is used by nobody.
        let unused = Element::ResponseField {
            status: 200,
            path: "Phone".to_owned(),
        };
        assert!(
            usage
                .users("crm", "GET /accounts/{accountId}", &unused)
                .is_empty()
        );
    }

    #[test]
    fn a_fixture_that_matched_no_operation_shows_nothing() {
        let (f, d) = fixture(&HQ.replace("operation: GET /accounts/{accountId}\n", ""));
        assert!(
            Usage::from_fixtures([(&f, &d)])
                .operations("crm")
                .is_empty()
        );
    }

    #[test]
    fn the_bundled_fixtures_show_who_reads_an_account() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
        let all = crate::fixtures::read_all(&dir).unwrap();
        let usage = Usage::from_fixtures(all.iter().map(|(f, d)| (f, d)));
        let operations = usage.operations("crm");
        assert!(
            operations.contains(&"GET /accounts/{accountId}"),
            "{operations:?}"
        );
        let name = Element::ResponseField {
            status: 200,
            path: "Name".to_owned(),
        };
        let mut tenants: Vec<&str> = usage
            .users("crm", "GET /accounts/{accountId}", &name)
            .into_iter()
            .filter_map(|(t, _)| t.as_deref())
            .collect();
        tenants.dedup();
        assert_eq!(tenants, ["acme", "globex"]);
    }
}
