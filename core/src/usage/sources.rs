//! Where the usage index comes from in a repository: the fixtures below
//! `fixtures/` (each by its tenant), the tenants' field mappings, and the
//! consumers `accord.yaml` declares (a Pact file, a folder of fixtures, a
//! list of operations and fields).

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::{Config, Consumer};
use crate::findings::{Evidence, UserKind};
use crate::fixtures::FixtureError;
use crate::fixtures::operations::Table;
use crate::load::{self, Contract};
use crate::model::target::FieldPath;

use super::pact::{Pact, PactError};
use super::{Element, Exchange, Usage, Who};

/// Why the usage of a repository cannot be read (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    #[error(transparent)]
    Fixture(#[from] FixtureError),
    #[error(transparent)]
    Pact(#[from] PactError),
    #[error(transparent)]
    Load(#[from] load::Error),
    #[error("{0}")]
    Input(String),
}

/// The parameter locations a declared parameter name may be in.
const LOCATIONS: [&str; 4] = ["path", "query", "header", "cookie"];

impl Usage {
    /// What the repository of `config` shows of use: its fixtures (below
    /// `fixtures/` beside `accord.yaml`), its tenants' field mappings and
    /// its consumers.
    pub fn of_repository(config: &Config) -> Result<Self, UsageError> {
        let dir = config.resolve(Path::new("fixtures"));
        let mut usage = if dir.is_dir() {
            let all = crate::fixtures::read_all(&dir)?;
            Self::from_fixtures(all.iter().map(|(f, d)| (f, d)))
        } else {
            Self::default()
        };
        usage.add_mappings(config)?;
        usage.add_consumers(config)?;
        Ok(usage)
    }

    /// The uses of every consumer `config` declares.
    pub fn add_consumers(&mut self, config: &Config) -> Result<(), UsageError> {
        let mut tables: BTreeMap<String, Table> = BTreeMap::new();
        for consumer in &config.consumers {
            self.add_consumer(config, consumer, &mut tables)?;
        }
        Ok(())
    }

    fn add_consumer(
        &mut self,
        config: &Config,
        consumer: &Consumer,
        tables: &mut BTreeMap<String, Table>,
    ) -> Result<(), UsageError> {
        let who = Who {
            kind: UserKind::Consumer,
            name: consumer.name.clone(),
        };
        if let Some(file) = &consumer.pact {
            let pact = Pact::read(&config.resolve(file))?;
            let system = pact_system(config, consumer, &pact)?;
            let table = table(config, &system, tables)?;
            for i in &pact.interactions {
                let request = &i.exchange.request;
                // An interaction no operation answers shows no use of the
                // contract (`verify-consumers` says so).
                let Ok(operation) = table.find(&request.method, &request.path) else {
                    continue;
                };
                let operation = operation.name();
                self.add(Exchange {
                    system: &system,
                    operation: &operation,
                    who: who.clone(),
                    via: "pact",
                    name: &i.description,
                    exchange: &i.exchange,
                    document: &pact.document,
                    request_at: i.at.push("request"),
                    request_body_at: i.request_body_at.clone(),
                    response_at: i.at.push("response"),
                    response_body_at: i.response_body_at.clone(),
                });
            }
        }
        if let Some(dir) = &consumer.fixtures {
            for (fixture, document) in crate::fixtures::read_all(&config.resolve(dir))? {
                self.add_fixture(&fixture, &document, Some(who.clone()));
            }
        }
        if let Some(system) = &consumer.system {
            for declared in &consumer.uses {
                let evidence = Evidence {
                    via: "declared".to_owned(),
                    name: declared.operation.clone(),
                    file: config.document.display_path(),
                    line: config.document.position(&declared.at).line,
                };
                let parameters = declared.parameters.iter().flat_map(|name| {
                    LOCATIONS.iter().map(move |location| Element::Parameter {
                        location: (*location).to_owned(),
                        name: if *location == "header" {
                            name.to_ascii_lowercase()
                        } else {
                            name.clone()
                        },
                    })
                });
                let request = declared
                    .request
                    .iter()
                    .map(|f| Element::RequestField(FieldPath::parse(f)));
                let response = declared.response.iter().map(|f| Element::ResponseField {
                    status: None,
                    field: FieldPath::parse(f),
                });
                self.declare(
                    system,
                    &declared.operation,
                    &who,
                    parameters.chain(request).chain(response),
                    &evidence,
                );
            }
        }
        Ok(())
    }
}

/// The system a consumer's Pact file is with: the one `accord.yaml` names,
/// else the Pact's provider where that is a system.
pub(super) fn pact_system(
    config: &Config,
    consumer: &Consumer,
    pact: &Pact,
) -> Result<String, UsageError> {
    if let Some(system) = &consumer.system {
        return Ok(system.clone());
    }
    match &pact.provider {
        Some(provider) if config.system(provider).is_some() => Ok(provider.clone()),
        provider => Err(UsageError::Input(format!(
            "{}: consumer `{}`: its Pact's provider {} is not a system of accord.yaml: say which system it calls (`system:`)",
            config.document.display_path(),
            consumer.name,
            provider
                .as_deref()
                .map_or_else(|| "(unnamed)".to_owned(), |p| format!("`{p}`"))
        ))),
    }
}

/// The operations of `system`'s contract, loaded once.
pub(super) fn table<'t>(
    config: &Config,
    system: &str,
    tables: &'t mut BTreeMap<String, Table>,
) -> Result<&'t Table, UsageError> {
    if !tables.contains_key(system) {
        let subject = config
            .system(system)
            .and_then(|s| config.subject(&s.contract))
            .ok_or_else(|| {
                UsageError::Input(format!(
                    "{}: `{system}` is not a system of accord.yaml",
                    config.document.display_path()
                ))
            })?;
        let contract = Contract::load(&config.resolve(&subject.file))?;
        tables.insert(system.to_owned(), Table::of(&contract));
    }
    tables
        .get(system)
        .ok_or_else(|| UsageError::Input(format!("`{system}`: no contract")))
}
