//! Bi-directional contracts: every consumer's expectations checked against
//! its provider's current contract — the interactions of its Pact file, the
//! exchanges of its fixtures, the operations and response fields it lists —
//! each finding placed at the expectation's line (in the Pact file, the
//! fixture, `accord.yaml`) and naming the operation's line in the contract.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::{Config, Consumer};
use crate::findings::{Finding, Location};
use crate::fixtures::Fixture;
use crate::fixtures::operations::{Miss, Operation};
use crate::fixtures::redact::Redaction;
use crate::fixtures::validate::Validator;
use crate::load::{Contract, Document};
use crate::model::pointer::JsonPointer;
use crate::model::target::FieldPath;
use crate::rules;
use crate::rules::fixture::Issue;

use super::pact::{Interaction, Pact};
use super::sources::{UsageError, pact_system};

/// What verifying the consumers found, and what it checked.
#[derive(Debug, Default)]
pub struct Verified {
    pub findings: Vec<Finding>,
    /// `consumer: expectation` (an interaction, a fixture, an operation
    /// listed), each checked.
    pub checked: Vec<String>,
    pub consumers: usize,
}

/// The providers' contracts, loaded once each: system → (subject, contract).
type Contracts = BTreeMap<String, (String, Contract)>;

/// Verifies the consumers of `systems` (every system when `None`).
pub fn verify_consumers(
    config: &Config,
    systems: Option<&BTreeSet<String>>,
) -> Result<Verified, UsageError> {
    let mut run = Run {
        config,
        systems,
        contracts: Contracts::new(),
        redaction: Redaction {
            paths: Vec::new(),
            secrets: crate::fixtures::redact::known(),
        },
        out: Verified::default(),
    };
    for consumer in &config.consumers {
        let before = run.out.checked.len();
        run.pact(consumer)?;
        run.fixtures(consumer)?;
        run.declared(consumer)?;
        if run.out.checked.len() > before {
            run.out.consumers += 1;
        }
    }
    Ok(run.out)
}

struct Run<'c> {
    config: &'c Config,
    systems: Option<&'c BTreeSet<String>>,
    contracts: Contracts,
    redaction: Redaction,
    out: Verified,
}

/// One expectation to judge: whose, which, and where it is written.
struct Expectation<'e> {
    consumer: &'e str,
    name: String,
    document: &'e Document,
    /// Where a place of the exchange (`/response/body/a`) is in the file.
    place: &'e dyn Fn(&JsonPointer) -> JsonPointer,
}

impl Run<'_> {
    /// Whether `system` is verified in this run; loads its contract.
    fn wanted(&mut self, system: &str) -> Result<bool, UsageError> {
        if self.systems.is_some_and(|s| !s.contains(system)) {
            return Ok(false);
        }
        if !self.contracts.contains_key(system) {
            let config = self.config;
            let Some(subject) = config
                .system(system)
                .and_then(|s| config.subject(&s.contract))
            else {
                return Ok(false);
            };
            let contract = Contract::load(&config.resolve(&subject.file))?;
            self.contracts
                .insert(system.to_owned(), (subject.name.clone(), contract));
        }
        Ok(true)
    }

    fn pact(&mut self, consumer: &Consumer) -> Result<(), UsageError> {
        let Some(file) = &consumer.pact else {
            return Ok(());
        };
        let pact = Pact::read(&self.config.resolve(file))?;
        let system = pact_system(self.config, consumer, &pact)?;
        if !self.wanted(&system)? {
            return Ok(());
        }
        for interaction in &pact.interactions {
            let place = |p: &JsonPointer| in_pact(interaction, p);
            let expectation = Expectation {
                consumer: &consumer.name,
                name: interaction.description.clone(),
                document: &pact.document,
                place: &place,
            };
            self.exchange(
                &system,
                &expectation,
                &interaction.exchange,
                &interaction.response_matchers,
            );
        }
        Ok(())
    }

    /// A consumer's fixtures are exchanges it relies on: each is judged as
    /// an expectation (its values exact).
    fn fixtures(&mut self, consumer: &Consumer) -> Result<(), UsageError> {
        let Some(dir) = &consumer.fixtures else {
            return Ok(());
        };
        for (fixture, document) in crate::fixtures::read_all(&self.config.resolve(dir))? {
            if !self.wanted(&fixture.system)? {
                continue;
            }
            let place = |p: &JsonPointer| p.clone();
            let expectation = Expectation {
                consumer: &consumer.name,
                name: fixture.id.clone(),
                document: &document,
                place: &place,
            };
            self.exchange(&fixture.system, &expectation, &fixture, &[]);
        }
        Ok(())
    }

    /// The operations a consumer lists must be the contract's, and each
    /// response field it reads one some response of the operation declares.
    fn declared(&mut self, consumer: &Consumer) -> Result<(), UsageError> {
        let Some(system) = &consumer.system else {
            return Ok(());
        };
        if consumer.uses.is_empty() || !self.wanted(system)? {
            return Ok(());
        }
        let config = self.config;
        for declared in &consumer.uses {
            let Some((subject, contract)) = self.contracts.get(system) else {
                return Ok(());
            };
            let validator = Validator::new(contract);
            let mut issues = Vec::new();
            let operation = validator.named(&declared.operation).cloned();
            match &operation {
                None => issues.push(Issue::Unmatched {
                    request: declared.operation.clone(),
                    miss: Miss {
                        nearest: None,
                        why: format!("{subject} has no such operation"),
                    },
                }),
                Some(op) => {
                    for field in &declared.response {
                        if !validator.promises(op, &FieldPath::parse(field)) {
                            issues.push(Issue::Unpromised {
                                status: 0,
                                field: field.clone(),
                                detail: format!(
                                    "the consumer reads `{field}`, which no response of the operation promises"
                                ),
                                at: JsonPointer::root(),
                            });
                        }
                    }
                }
            }
            let at = declared.at.clone();
            let place = move |_: &JsonPointer| at.clone();
            let expectation = Expectation {
                consumer: &consumer.name,
                name: declared.operation.clone(),
                document: &config.document,
                place: &place,
            };
            self.report(system, &expectation, operation.as_ref(), issues);
        }
        Ok(())
    }

    fn exchange(
        &mut self,
        system: &str,
        expectation: &Expectation<'_>,
        exchange: &Fixture,
        matchers: &[(FieldPath, String)],
    ) {
        let Some((_, contract)) = self.contracts.get(system) else {
            return;
        };
        let (operation, issues) = judge(contract, &self.redaction, exchange, matchers);
        self.report(system, expectation, operation.as_ref(), issues);
    }

    fn report(
        &mut self,
        system: &str,
        expectation: &Expectation<'_>,
        operation: Option<&Operation>,
        issues: Vec<Issue>,
    ) {
        self.out
            .checked
            .push(format!("{}: {}", expectation.consumer, expectation.name));
        let Some((subject, contract)) = self.contracts.get(system) else {
            return;
        };
        let owner = self.config.subject(subject).and_then(|s| s.owner.clone());
        let provider = Provider {
            subject,
            owner: owner.as_deref(),
            contract,
        };
        self.out
            .findings
            .extend(place(&provider, expectation, operation, issues));
    }
}

/// A provider's contract as findings name it.
pub struct Provider<'p> {
    pub subject: &'p str,
    pub owner: Option<&'p str>,
    pub contract: &'p Contract,
}

/// One Pact against one provider contract (registered versions of each,
/// for `can-i-deploy`): the findings, each at its interaction's line.
pub fn verify_pact(provider: &Provider<'_>, consumer: &str, pact: &Pact) -> Vec<Finding> {
    let redaction = Redaction {
        paths: Vec::new(),
        secrets: crate::fixtures::redact::known(),
    };
    let mut out = Vec::new();
    for interaction in &pact.interactions {
        let place_of = |p: &JsonPointer| in_pact(interaction, p);
        let expectation = Expectation {
            consumer,
            name: interaction.description.clone(),
            document: &pact.document,
            place: &place_of,
        };
        let (operation, issues) = judge(
            provider.contract,
            &redaction,
            &interaction.exchange,
            &interaction.response_matchers,
        );
        out.extend(place(provider, &expectation, operation.as_ref(), issues));
    }
    out
}

/// An exchange a consumer relies on against a contract. Messages quote the
/// values they judge: a secret the expectation shows is redacted first.
fn judge(
    contract: &Contract,
    redaction: &Redaction,
    exchange: &Fixture,
    matchers: &[(FieldPath, String)],
) -> (Option<Operation>, Vec<Issue>) {
    let mut exchange = exchange.clone();
    redaction.apply(&mut exchange);
    Validator::new(contract).expectation(&exchange, matchers)
}

/// The findings of `issues`, each at the expectation's line, naming the
/// operation's line in the contract.
fn place(
    provider: &Provider<'_>,
    expectation: &Expectation<'_>,
    operation: Option<&Operation>,
    issues: Vec<Issue>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for issue in issues {
        let Some(mut finding) = rules::judge_one(rules::consumer::RULES, &issue) else {
            continue;
        };
        if let Some(op) = operation {
            let at = provider.contract.position(&op.node);
            let file = provider.contract.document(op.node.doc).display_path();
            finding.message = format!(
                "{} (`{}` at {file}:{})",
                finding.message,
                op.name(),
                at.line
            );
        }
        let pointer = (expectation.place)(&issue.pointer());
        finding.location = Some(Location::at(expectation.document, pointer));
        finding.subject = Some(provider.subject.to_owned());
        finding.owner = provider.owner.map(str::to_owned);
        finding.operation = operation.map(Operation::name);
        finding.fixture = Some(format!("{}: {}", expectation.consumer, expectation.name));
        out.push(finding);
    }
    out
}

/// Where a place of an exchange (`/response/body/a`) is in the Pact file.
fn in_pact(interaction: &Interaction, pointer: &JsonPointer) -> JsonPointer {
    let tokens: Vec<String> = pointer.tokens().map(|t| t.into_owned()).collect();
    let (base, rest) = match tokens.as_slice() {
        [side, body, rest @ ..] if side == "request" && body == "body" => {
            (interaction.request_body_at.clone(), rest)
        }
        [side, body, rest @ ..] if side == "response" && body == "body" => {
            (interaction.response_body_at.clone(), rest)
        }
        rest => (interaction.at.clone(), rest),
    };
    rest.iter().fold(base, |p, t| p.push(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    const API: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /login:\n    post:\n      requestBody: {content: {application/json: {schema: {type: object, properties: {user: {type: string}, password: {type: string, maxLength: 4}}}}}}\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {session: {type: string}}}}}}\n";

    fn verified_with(pact: &str, more: &str) -> Verified {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("api.yaml"), API).unwrap();
        std::fs::write(dir.path().join("p.json"), pact).unwrap();
        std::fs::create_dir(dir.path().join("recorded")).unwrap();
        std::fs::write(
            dir.path().join("recorded/login.yaml"),
            "id: app-login\nsystem: auth\noperation: POST /login\nrequest: {method: POST, path: /login, query: {}, headers: {}, body: {user: ann}}\nresponse: {status: 200, headers: {}, body: {session: s, expires: 3600}}\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("accord.yaml"),
            format!("subjects: {{api: {{kind: api, file: api.yaml}}}}\nsystems: {{auth: {{contract: api}}}}\nconsumers:\n  app: {{system: auth, pact: p.json}}\n{more}"),
        )
        .unwrap();
        let config = Config::read(&dir.path().join("accord.yaml")).unwrap();
        verify_consumers(&config, None).unwrap()
    }

    fn verified(pact: &str) -> Verified {
        verified_with(pact, "")
    }

    #[test]
    fn listed_uses_and_recorded_fixtures_are_expectations_too() {
        let pact = r#"{"interactions": []}"#;
        let out = verified_with(
            pact,
            "  sync:\n    system: auth\n    uses:\n      - {operation: GET /logout}\n      - {operation: post /login, response: [session, token]}\n  recorder: {fixtures: recorded}\n",
        );
        let found: Vec<(String, String, u32)> = out
            .findings
            .iter()
            .map(|f| {
                let l = f.location.as_ref().unwrap();
                let file = std::path::Path::new(&l.file)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (f.rule.clone(), file, l.line)
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "consumer-expectation-unsupported".to_owned(),
                    "login.yaml".to_owned(),
                    5
                ),
                (
                    "consumer-operation-unknown".to_owned(),
                    "accord.yaml".to_owned(),
                    8
                ),
                (
                    "consumer-expectation-unsupported".to_owned(),
                    "accord.yaml".to_owned(),
                    9
                ),
            ],
            "{:#?}",
            out.findings
        );
        assert!(out.findings[0].message.contains("`expires`"));
        assert!(out.findings[2].message.contains("`token`"));
        assert_eq!(out.consumers, 2);
    }

    #[test]
    fn a_failing_secret_is_judged_but_never_quoted() {
        let out = verified(
            r#"{"interactions": [{"description": "log in",
              "request": {"method": "POST", "path": "/login", "headers": {"Content-Type": "application/json"},
                          "body": {"user": "ann", "password": "hunter2-long"}},
              "response": {"status": 200, "body": {"session": "s", "role": "admin"}}}]}"#,
        );
        let messages: Vec<&str> = out.findings.iter().map(|f| f.message.as_str()).collect();
        // The undeclared `role` is named; the password's value, which fails
        // `maxLength`, stands redacted (and so is not judged on its letters).
        assert!(
            messages.iter().any(|m| m.contains("`role`")),
            "{messages:?}"
        );
        assert!(
            messages.iter().all(|m| !m.contains("hunter2")),
            "{messages:?}"
        );
        assert_eq!(out.checked, ["app: log in"]);
        assert_eq!(
            out.findings[0]
                .location
                .as_ref()
                .map(|l| l.file.ends_with("p.json")),
            Some(true)
        );
    }
}
