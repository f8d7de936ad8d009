//! What replay, drift and mock share about recorded exchanges: the
//! systems' contracts and the tenants' custom fields, fixtures read from a
//! folder, a finding placed at its fixture, and a recorded request sent
//! again (its URL and headers) or served (which recording answered).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::config::Config;
use crate::findings::{Finding, Location};
use crate::fixtures::mock::Source;
use crate::fixtures::validate::Issue;
use crate::fixtures::{self, Fixture};
use crate::load::{Contract, Document};
use crate::model::pointer::JsonPointer;
use crate::rules;
use crate::tenants::Tenant;

/// Why replay could not run (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("{0}")]
    Input(String),
    #[error(transparent)]
    Load(#[from] crate::load::Error),
}

/// A fixture as read, with its file for positions.
pub struct Recorded {
    pub fixture: Fixture,
    pub document: Document,
}

/// The systems' contracts and what each tenant adds to them.
pub struct Systems {
    /// System → (its contract's subject, the contract).
    pub contracts: BTreeMap<String, (String, Contract)>,
    /// (tenant, system) → field names the tenant adds to that system's
    /// records (`system_overlays`).
    pub custom_fields: BTreeMap<(String, String), BTreeSet<String>>,
}

impl Systems {
    /// The contracts of every system in `accord.yaml` and the tenants'
    /// custom fields.
    pub fn load(config: &Config) -> Result<Self, ReplayError> {
        let mut contracts = BTreeMap::new();
        for system in &config.systems {
            let Some(subject) = config.subject(&system.contract) else {
                continue;
            };
            let contract = Contract::load(&config.resolve(&subject.file))?;
            contracts.insert(system.name.clone(), (subject.name.clone(), contract));
        }
        let mut custom_fields = BTreeMap::new();
        for entry in &config.tenants {
            let tenant = Tenant::read(&entry.name, &config.resolve(&entry.file))
                .map_err(|e| ReplayError::Input(e.to_string()))?;
            for (system, schemas) in &tenant.system_overlays {
                let names: &mut BTreeSet<String> = custom_fields
                    .entry((tenant.name.clone(), system.clone()))
                    .or_default();
                for overlay in schemas.values() {
                    if let Some(serde_json::Value::Object(properties)) = overlay.get("properties") {
                        names.extend(properties.keys().cloned());
                    }
                }
            }
        }
        Ok(Self {
            contracts,
            custom_fields,
        })
    }
}

impl Systems {
    /// Whether `name` is a field the tenant adds to the system's records.
    pub fn custom_field(&self, tenant: Option<&str>, system: &str, name: &str) -> bool {
        tenant.is_some_and(|t| {
            self.custom_fields
                .get(&(t.to_owned(), system.to_owned()))
                .is_some_and(|c| c.contains(name))
        })
    }
}

/// Reads every fixture below `dir`.
pub fn read_fixtures(dir: &Path) -> Result<Vec<Recorded>, ReplayError> {
    fixtures::read_all(dir)
        .map(|all| {
            all.into_iter()
                .map(|(fixture, document)| Recorded { fixture, document })
                .collect()
        })
        .map_err(|e| ReplayError::Input(e.to_string()))
}

/// A finding about a fixture, placed in its file.
pub fn finding(
    recorded: &Recorded,
    subject: Option<&str>,
    operation: Option<String>,
    issue: &Issue,
    owner: Option<String>,
) -> Option<Finding> {
    let finding = rules::judge_one(rules::fixture::RULES, issue)?;
    let pointer = issue.pointer();
    Some(place(
        finding,
        recorded,
        pointer,
        Context {
            subject,
            operation,
            owner,
        },
    ))
}

/// What a finding about a fixture says besides its rule and place.
pub struct Context<'a> {
    pub subject: Option<&'a str>,
    pub operation: Option<String>,
    pub owner: Option<String>,
}

/// Places a finding at `pointer` in a fixture's file (the nearest line
/// the file has), with the fixture's id and tenant.
pub fn place(
    mut finding: Finding,
    recorded: &Recorded,
    pointer: JsonPointer,
    context: Context<'_>,
) -> Finding {
    finding.location = Some(Location::at(&recorded.document, pointer));
    finding.fixture = Some(recorded.fixture.id.clone());
    finding.tenant.clone_from(&recorded.fixture.tenant);
    finding.subject = context.subject.map(str::to_owned);
    finding.operation = context.operation;
    finding.owner = context.owner;
    finding
}

/// `recording:<id>`, `example:<operation>` or `none`.
pub fn source_text(source: &Source) -> String {
    match source {
        Source::Recording(id) => format!("recording:{id}"),
        Source::Example(op) => format!("example:{op}"),
        Source::Miss => "none".to_owned(),
    }
}

/// The header by which the mock says which recording it served.
pub const SOURCE_HEADER: &str = "x-accord-source";

/// The URL of a fixture's request below `base` (no trailing slash).
pub fn request_url(base: &str, fixture: &Fixture) -> String {
    let mut url = format!("{}{}", base.trim_end_matches('/'), fixture.request.path);
    if !fixture.request.query.is_empty() && !fixture.request.path.contains('?') {
        let query: Vec<String> = fixture
            .request
            .query
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        url.push('?');
        url.push_str(&query.join("&"));
    }
    url
}

/// The recorded request headers that are sent again (not the
/// connection's, nor what the client sets itself).
pub fn resent_headers(fixture: &Fixture) -> impl Iterator<Item = (&str, &str)> {
    fixture
        .request
        .headers
        .iter()
        .filter(|(name, _)| !NOT_SENT.contains(&name.to_ascii_lowercase().as_str()))
        .map(|(n, v)| (n.as_str(), v.as_str()))
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Headers not sent again: the connection's, and what reqwest sets.
pub const NOT_SENT: &[&str] = &[
    "host",
    "content-length",
    "connection",
    "transfer-encoding",
    "keep-alive",
];
