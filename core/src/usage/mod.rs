//! Who uses what (issue 18): the evidence of use that recorded fixtures
//! hold, indexed by system, operation and element, each use with the
//! tenant that made it and the line of the fixture that shows it; and the
//! answer to "whom does this finding reach" ([`Usage::annotate`]).
//!
//! A fixture of `GET /accounts/{accountId}` for tenant `acme` that sent the
//! header `X-Tenant-Id` and read `BillingAddress.city` in its `200` answer
//! says that acme uses the operation, that parameter and that response
//! field. Array elements are merged: `lines[].sku` is one field however many
//! lines a recording holds.
//!
//! A use is evidence, not a promise: a client may read a field its
//! recordings never held. The index therefore answers with what it knows
//! and says when it knows nothing (`affects` absent: no usage consulted;
//! empty: none known).

mod mappings;
mod pact;
mod sources;
mod verify;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::findings::{Affected, Evidence, Finding, Level, UserKind};
use crate::fixtures::Fixture;
use crate::load::Document;
use crate::model::openapi::shape;
use crate::model::pointer::JsonPointer;
use crate::model::target::{FieldPath, Step, Target, status_matches};

pub use pact::{Interaction, Pact, PactError, json_path, looks_like_pact};
pub use sources::UsageError;
pub use verify::{Provider, Verified, verify_consumers, verify_pact};

/// One element of an operation that a client can use.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Element {
    /// The operation itself (it was called).
    Operation,
    /// A parameter sent: `query`, `header` (names lower-cased), `path` or
    /// `cookie`.
    Parameter { location: String, name: String },
    /// A field of the request body sent (`lines[].sku`).
    RequestField(FieldPath),
    /// A response of this status received (`None`: any status, as a
    /// consumer that lists what it reads says).
    Response { status: Option<u16> },
    /// A field of a response body read.
    ResponseField {
        status: Option<u16>,
        field: FieldPath,
    },
    /// A header of a response received (name lower-cased).
    ResponseHeader { status: Option<u16>, name: String },
}

impl std::fmt::Display for Element {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let status = |s: &Option<u16>| s.map_or_else(|| "any".to_owned(), |s| s.to_string());
        match self {
            Element::Operation => f.write_str("the operation"),
            Element::Parameter { location, name } => write!(f, "{location} parameter {name}"),
            Element::RequestField(field) => write!(f, "request {field}"),
            Element::Response { status: s } => write!(f, "response {}", status(s)),
            Element::ResponseField { status: s, field } => {
                write!(f, "response {} {field}", status(s))
            }
            Element::ResponseHeader { status: s, name } => {
                write!(f, "response {} header {name}", status(s))
            }
        }
    }
}

/// Who used an element.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Who {
    pub kind: UserKind,
    pub name: String,
}

/// Who used an element, and where it shows.
pub type User = (Who, Evidence);

/// Every use, by system and operation, then by element.
#[derive(Debug, Default)]
pub struct Usage {
    /// (system, operation's shape) → the operation as recorded, its uses.
    uses: BTreeMap<(String, String), Uses>,
}

/// One exchange that shows uses, wherever it was read from (a fixture, a
/// Pact interaction), with where its parts are in its file.
pub struct Exchange<'a> {
    pub system: &'a str,
    /// The contract's operation it is a call of.
    pub operation: &'a str,
    pub who: Who,
    /// `fixture`, `pact`.
    pub via: &'static str,
    /// The fixture's id, the interaction's description.
    pub name: &'a str,
    pub exchange: &'a Fixture,
    pub document: &'a Document,
    pub request_at: JsonPointer,
    pub request_body_at: JsonPointer,
    pub response_at: JsonPointer,
    pub response_body_at: JsonPointer,
}

#[derive(Debug, Default)]
struct Uses {
    operation: String,
    elements: BTreeMap<Element, BTreeSet<User>>,
}

/// How many pieces of evidence a finding lists per user (the count says
/// how many there are).
const EVIDENCE_SHOWN: usize = 3;

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
    /// The uses the fixtures show, each by its tenant. A fixture without an
    /// operation (one that matched none) shows nothing.
    pub fn from_fixtures<'a>(
        fixtures: impl IntoIterator<Item = (&'a Fixture, &'a Document)>,
    ) -> Self {
        let mut usage = Self::default();
        for (fixture, document) in fixtures {
            usage.add_fixture(fixture, document, None);
        }
        usage
    }

    /// Whether nothing is known of `system`'s use.
    pub fn knows_nothing_of(&self, system: &str) -> bool {
        !self.uses.keys().any(|(s, _)| s == system)
    }

    /// The uses one fixture shows: by `who`, else by its tenant (else by
    /// its system, for a fixture of no tenant).
    pub fn add_fixture(&mut self, fixture: &Fixture, document: &Document, who: Option<Who>) {
        let Some(operation) = &fixture.operation else {
            return;
        };
        let who = who.unwrap_or_else(|| match &fixture.tenant {
            Some(tenant) => Who {
                kind: UserKind::Tenant,
                name: tenant.clone(),
            },
            None => Who {
                kind: UserKind::System,
                name: fixture.system.clone(),
            },
        });
        let root = JsonPointer::root();
        self.add(Exchange {
            system: &fixture.system,
            operation,
            who,
            via: "fixture",
            name: &fixture.id,
            exchange: fixture,
            document,
            request_at: root.push("request"),
            request_body_at: root.push("request").push("body"),
            response_at: root.push("response"),
            response_body_at: root.push("response").push("body"),
        });
    }

    /// The uses one exchange shows.
    pub fn add(&mut self, e: Exchange<'_>) {
        let evidence = |pointer: &JsonPointer| Evidence {
            via: e.via.to_owned(),
            name: e.name.to_owned(),
            file: e.document.display_path(),
            line: e.document.position(pointer).line,
        };
        let uses = self
            .uses
            .entry((e.system.to_owned(), shape(e.operation)))
            .or_default();
        if uses.operation.is_empty() {
            e.operation.clone_into(&mut uses.operation);
        }
        let who = &e.who;
        let mut record = |element: Element, pointer: &JsonPointer| {
            uses.elements
                .entry(element)
                .or_default()
                .insert((who.clone(), evidence(pointer)));
        };
        let (request, response) = (&e.exchange.request, &e.exchange.response);
        record(Element::Operation, &e.request_at.push("path"));
        for (name, _) in &request.query {
            record(
                Element::Parameter {
                    location: "query".to_owned(),
                    name: name.clone(),
                },
                &e.request_at.push("query").push(name),
            );
        }
        for (name, _) in &request.headers {
            let lower = name.to_ascii_lowercase();
            if TRANSPORT_HEADERS.contains(&lower.as_str()) {
                continue;
            }
            record(
                Element::Parameter {
                    location: "header".to_owned(),
                    name: lower,
                },
                &e.request_at.push("headers").push(name),
            );
        }
        for name in path_parameters(e.operation) {
            record(
                Element::Parameter {
                    location: "path".to_owned(),
                    name,
                },
                &e.request_at.push("path"),
            );
        }
        for (field, pointer) in fields(&request.body, &e.request_body_at) {
            record(Element::RequestField(field), &pointer);
        }
        let status = Some(response.status);
        record(Element::Response { status }, &e.response_at.push("status"));
        for (name, _) in &response.headers {
            record(
                Element::ResponseHeader {
                    status,
                    name: name.to_ascii_lowercase(),
                },
                &e.response_at.push("headers").push(name),
            );
        }
        for (field, pointer) in fields(&response.body, &e.response_body_at) {
            record(Element::ResponseField { status, field }, &pointer);
        }
    }

    /// Uses said rather than shown (a consumer's list in `accord.yaml`):
    /// each element with the same evidence.
    pub fn declare(
        &mut self,
        system: &str,
        operation: &str,
        who: &Who,
        elements: impl IntoIterator<Item = Element>,
        evidence: &Evidence,
    ) {
        let uses = self
            .uses
            .entry((system.to_owned(), shape(operation)))
            .or_default();
        if uses.operation.is_empty() {
            operation.clone_into(&mut uses.operation);
        }
        for element in std::iter::once(Element::Operation).chain(elements) {
            uses.elements
                .entry(element)
                .or_default()
                .insert((who.clone(), evidence.clone()));
        }
    }

    /// The operations of `system` that something uses.
    pub fn operations(&self, system: &str) -> Vec<&str> {
        self.uses
            .iter()
            .filter(|((s, _), _)| s == system)
            .map(|(_, uses)| uses.operation.as_str())
            .collect()
    }

    /// Who uses `element` of `operation` of `system`, and where it shows.
    pub fn users(&self, system: &str, operation: &str, element: &Element) -> Vec<&User> {
        self.uses
            .get(&(system.to_owned(), shape(operation)))
            .and_then(|uses| uses.elements.get(element))
            .map(|users| users.iter().collect())
            .unwrap_or_default()
    }

    /// What `who` uses: by system and operation, each element once.
    pub fn uses_of(&self, who: &Who) -> Vec<(&str, &str, Vec<&Element>)> {
        let mut out = Vec::new();
        for ((system, _), uses) in &self.uses {
            let elements: Vec<&Element> = uses
                .elements
                .iter()
                .filter(|(_, users)| users.iter().any(|(w, _)| w == who))
                .map(|(element, _)| element)
                .collect();
            if !elements.is_empty() {
                out.push((system.as_str(), uses.operation.as_str(), elements));
            }
        }
        out
    }

    /// Every element of `operation` of `system` that something uses.
    pub fn elements(&self, system: &str, operation: &str) -> Vec<&Element> {
        self.uses
            .get(&(system.to_owned(), shape(operation)))
            .map(|uses| uses.elements.keys().collect())
            .unwrap_or_default()
    }

    /// Who uses what `target` of `operation` (of no operation: the whole
    /// API) of `system` is about.
    pub fn reached(
        &self,
        system: &str,
        operation: Option<&str>,
        target: &Target,
    ) -> BTreeSet<&User> {
        let mut out = BTreeSet::new();
        let operation = match (operation, target) {
            (Some(operation), t) if *t != Target::Api => operation,
            _ => {
                for ((s, _), uses) in &self.uses {
                    if s == system
                        && let Some(users) = uses.elements.get(&Element::Operation)
                    {
                        out.extend(users);
                    }
                }
                return out;
            }
        };
        let Some(uses) = self.uses.get(&(system.to_owned(), shape(operation))) else {
            return out;
        };
        let wanted = |element: &Element| -> bool {
            match (target, element) {
                (Target::Api | Target::Operation, Element::Operation) => true,
                (Target::Parameter { location, .. }, Element::Operation) => location == "cookie",
                (
                    Target::Parameter { location, name },
                    Element::Parameter {
                        location: l,
                        name: n,
                    },
                ) => {
                    location == l
                        && if location == "header" {
                            name.eq_ignore_ascii_case(n)
                        } else {
                            name == n
                        }
                }
                (Target::Request(field), Element::Operation) => field.is_root(),
                (Target::Request(field), Element::RequestField(f)) => field.covers(f),
                (Target::Response { status, field }, Element::Response { status: s }) => {
                    field.is_root() && statuses_meet(status.as_deref(), *s)
                }
                (
                    Target::Response { status, field },
                    Element::ResponseField {
                        status: s,
                        field: f,
                    },
                ) => statuses_meet(status.as_deref(), *s) && field.covers(f),
                (
                    Target::ResponseHeader { status, name },
                    Element::ResponseHeader { status: s, name: n },
                ) => statuses_meet(status.as_deref(), *s) && name.eq_ignore_ascii_case(n),
                _ => false,
            }
        };
        for (element, users) in &uses.elements {
            if wanted(element) {
                out.extend(users);
            }
        }
        out
    }

    /// Says on every finding about an API (one with a [`Target`]) who uses
    /// what it is about: `systems` are those whose contract the findings
    /// are of. Where nothing is known of those systems' use, findings are
    /// left as they are (`affects` unknown, not "nobody").
    pub fn annotate(&self, findings: &mut [Finding], systems: &[&str]) {
        if systems.iter().all(|s| self.knows_nothing_of(s)) {
            return;
        }
        for finding in findings {
            let Some(target) = &finding.target else {
                continue;
            };
            let mut by_who: BTreeMap<&Who, Vec<&Evidence>> = BTreeMap::new();
            for system in systems {
                for (who, evidence) in self.reached(system, finding.operation.as_deref(), target) {
                    by_who.entry(who).or_default().push(evidence);
                }
            }
            let affects = by_who
                .into_iter()
                .map(|(who, mut evidence)| {
                    evidence.sort();
                    evidence.dedup();
                    Affected {
                        kind: who.kind,
                        name: who.name.clone(),
                        uses: evidence.len(),
                        evidence: evidence.into_iter().take(EVIDENCE_SHOWN).cloned().collect(),
                    }
                })
                .collect();
            finding.affects = Some(affects);
        }
    }
}

/// Under the gate setting `unused_breaking: level`: a finding above `level`
/// that no known consumer uses (its `affects` known and empty) is lowered
/// to `level`, saying why. Returns whether it was.
pub fn let_through(finding: &mut Finding, level: Level) -> bool {
    let unused = finding.affects.as_ref().is_some_and(Vec::is_empty);
    if !unused || finding.level <= level || finding.baselined {
        return false;
    }
    finding.let_through = Some(format!(
        "no known consumer uses it: {} lowered to {level} by `gate: {{unused_breaking: {level}}}`",
        finding.level
    ));
    finding.level = level;
    true
}

/// Whether a use of a response of `used` status (any, for `None`) is one
/// of the responses the contract's `declared` status names.
fn statuses_meet(declared: Option<&str>, used: Option<u16>) -> bool {
    used.is_none_or(|s| status_matches(declared, s))
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

/// Every field below `value` (at `at` in its file) with the pointer of its
/// first occurrence.
fn fields(value: &Value, at: &JsonPointer) -> BTreeMap<FieldPath, JsonPointer> {
    let mut out = BTreeMap::new();
    walk(value, at, &FieldPath::default(), &mut out);
    out
}

/// How deep fields are told apart: a use deeper than this is a use of the
/// field at this depth (a finding there or above still reaches it).
const MAX_FIELD_DEPTH: usize = 64;

/// Every field below `value` (members of objects, arrays merged) with the
/// pointer of its first occurrence: `lines[].sku`.
fn walk(
    value: &Value,
    at: &JsonPointer,
    path: &FieldPath,
    out: &mut BTreeMap<FieldPath, JsonPointer>,
) {
    if path.0.len() >= MAX_FIELD_DEPTH {
        return;
    }
    match value {
        Value::Object(members) => {
            for (name, child) in members {
                let here = path.push(Step::Name(name.clone()));
                out.entry(here.clone()).or_insert_with(|| at.push(name));
                walk(child, &at.push(name), &here, out);
            }
        }
        Value::Array(items) => {
            let here = path.push(Step::Items);
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

    fn field(text: &str) -> FieldPath {
        FieldPath::parse(text)
    }

    fn response(status: u16, path: &str) -> Element {
        Element::ResponseField {
            status: Some(status),
            field: field(path),
        }
    }

    const OP: &str = "GET /accounts/{accountId}";

    const HQ: &str = "id: crm-acme-hq\nsystem: crm\ntenant: acme\noperation: GET /accounts/{accountId}\nrequest:\n  method: GET\n  path: /accounts/1\n  query: {fields: all}\n  headers: {Accept: application/json, X-Tenant-Id: acme}\n  body: null\nresponse:\n  status: 200\n  headers: {ETag: '1'}\n  body:\n    Name: Acme\n    Addresses:\n      - {city: Stuttgart}\n      - {city: Hamburg, zip: '20457'}\n";

    #[test]
    fn a_fixture_shows_its_operation_parameters_and_fields_with_lines() {
        let (f, d) = fixture(HQ);
        let usage = Usage::from_fixtures([(&f, &d)]);
        assert_eq!(usage.operations("crm"), [OP]);
        let elements: Vec<String> = usage
            .elements("crm", OP)
            .into_iter()
            .map(|e| format!("{e:?}"))
            .collect();
        assert_eq!(elements.len(), 10, "{elements:#?}");
        let users = usage.users("crm", OP, &response(200, "Addresses[].city"));
        assert_eq!(users.len(), 1);
        let (who, evidence) = users[0];
        assert_eq!((who.kind, who.name.as_str()), (UserKind::Tenant, "acme"));
        assert_eq!((evidence.name.as_str(), evidence.line), ("crm-acme-hq", 17));
        // A parameter renamed since the recording is the same operation.
        assert_eq!(
            usage
                .users("crm", "GET /accounts/{id}", &Element::Operation)
                .len(),
            1
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
        let tenants: Vec<&str> = usage
            .users("crm", OP, &response(200, "Name"))
            .into_iter()
            .map(|(who, _)| who.name.as_str())
            .collect();
        assert_eq!(tenants, ["acme", "globex"]);
        // A field nobody read is used by nobody.
        assert!(usage.users("crm", OP, &response(200, "Phone")).is_empty());
    }

    #[test]
    fn a_fixture_that_matched_no_operation_shows_nothing() {
        let (f, d) = fixture(&HQ.replace("operation: GET /accounts/{accountId}\n", ""));
        let usage = Usage::from_fixtures([(&f, &d)]);
        assert!(usage.operations("crm").is_empty());
        assert!(usage.knows_nothing_of("crm"));
    }

    /// The names of those `target` reaches in the HQ fixture.
    fn reached(target: Target) -> Vec<String> {
        let (f, d) = fixture(HQ);
        let usage = Usage::from_fixtures([(&f, &d)]);
        usage
            .reached("crm", Some(OP), &target)
            .into_iter()
            .map(|(who, e)| format!("{} {}", who.name, e.line))
            .collect()
    }

    fn at(status: &str, path: &str) -> Target {
        Target::Response {
            status: Some(status.to_owned()),
            field: if path.is_empty() {
                FieldPath::default()
            } else {
                field(path)
            },
        }
    }

    #[test]
    fn a_target_reaches_the_fields_below_it_of_matching_statuses() {
        assert_eq!(
            reached(at("200", "Addresses")),
            ["acme 16", "acme 17", "acme 18"]
        );
        assert_eq!(reached(at("2XX", "Addresses[].zip")), ["acme 18"]);
        assert_eq!(reached(at("default", "Name")), ["acme 15"]);
        assert!(reached(at("404", "Name")).is_empty());
        assert!(reached(at("200", "Phone")).is_empty());
        // The response itself: its status line and every field read.
        assert_eq!(
            reached(at("200", "")),
            ["acme 12", "acme 15", "acme 16", "acme 17", "acme 18"]
        );
        assert_eq!(reached(at("200", "*")).len(), 4);
        let header = |name: &str| Target::ResponseHeader {
            status: Some("200".to_owned()),
            name: name.to_owned(),
        };
        assert_eq!(reached(header("etag")), ["acme 13"]);
        let parameter = |location: &str, name: &str| Target::Parameter {
            location: location.to_owned(),
            name: name.to_owned(),
        };
        assert_eq!(reached(parameter("header", "x-tenant-id")), ["acme 9"]);
        assert_eq!(reached(parameter("query", "fields")), ["acme 8"]);
        assert!(reached(parameter("query", "limit")).is_empty());
        assert_eq!(reached(Target::Operation), ["acme 7"]);
        assert_eq!(
            reached(Target::Request(field("Name"))),
            Vec::<String>::new()
        );
    }

    #[test]
    fn annotated_findings_name_each_user_once_with_the_count_of_uses() {
        let (a, da) = fixture(HQ);
        let second = HQ.replace("id: crm-acme-hq", "id: crm-acme-hq-2");
        let (b, db) = fixture(&second);
        let usage = Usage::from_fixtures([(&a, &da), (&b, &db)]);
        let mut used = Finding::new("r", crate::findings::Level::Error, "m".to_owned());
        used.operation = Some(OP.to_owned());
        used.target = Some(at("200", "Name"));
        let mut unused = used.clone();
        unused.target = Some(at("200", "Phone"));
        let mut lint = used.clone();
        lint.target = None;
        let mut findings = [used, unused, lint];
        usage.annotate(&mut findings, &["crm"]);
        let affects = findings[0].affects.as_ref().unwrap();
        assert_eq!(affects.len(), 1);
        assert_eq!((affects[0].name.as_str(), affects[0].uses), ("acme", 2));
        assert_eq!(affects[0].label(), "tenant acme");
        assert_eq!(findings[1].affects, Some(Vec::new()));
        assert_eq!(findings[2].affects, None);
        // Of a system nothing is known of, nothing is said.
        let mut other = [findings[1].clone()];
        other[0].affects = None;
        usage.annotate(&mut other, &["erp"]);
        assert_eq!(other[0].affects, None);
    }

    #[test]
    fn only_a_breaking_change_nobody_uses_is_let_through() {
        let mut unused = Finding::new("r", Level::Error, "m".to_owned());
        unused.affects = Some(Vec::new());
        let mut used = unused.clone();
        used.affects = Some(vec![Affected {
            kind: UserKind::Tenant,
            name: "acme".to_owned(),
            uses: 1,
            evidence: Vec::new(),
        }]);
        let mut unknown = unused.clone();
        unknown.affects = None;
        let mut warning = unused.clone();
        warning.level = Level::Warning;
        assert!(let_through(&mut unused, Level::Warning));
        assert_eq!(unused.level, Level::Warning);
        assert!(
            unused
                .let_through
                .as_deref()
                .unwrap()
                .starts_with("no known consumer uses it")
        );
        assert!(!let_through(&mut used, Level::Warning));
        assert!(!let_through(&mut unknown, Level::Warning));
        assert!(!let_through(&mut warning, Level::Warning));
        assert_eq!(
            (used.level, unknown.level, warning.level),
            (Level::Error, Level::Error, Level::Warning)
        );
    }

    #[test]
    fn the_bundled_fixtures_show_who_reads_an_account() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
        let all = crate::fixtures::read_all(&dir).unwrap();
        let usage = Usage::from_fixtures(all.iter().map(|(f, d)| (f, d)));
        let operations = usage.operations("crm");
        assert!(operations.contains(&OP), "{operations:?}");
        let mut tenants: Vec<&str> = usage
            .users("crm", OP, &response(200, "Name"))
            .into_iter()
            .map(|(who, _)| who.name.as_str())
            .collect();
        tenants.dedup();
        assert_eq!(tenants, ["acme", "globex"]);
    }
}
