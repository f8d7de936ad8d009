//! Bi-directional contracts: every consumer's expectations (the
//! interactions of its Pact file) checked against its provider's current
//! contract, each finding placed at the interaction's line in the Pact file
//! and naming the operation's line in the contract.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::Config;
use crate::findings::{Finding, Location};
use crate::fixtures::validate::Validator;
use crate::load::Contract;
use crate::model::pointer::JsonPointer;
use crate::rules;

use super::pact::{Interaction, Pact};
use super::sources::{UsageError, pact_system};

/// What verifying the consumers found, and what it checked.
#[derive(Debug, Default)]
pub struct Verified {
    pub findings: Vec<Finding>,
    /// `consumer: interaction`, each checked.
    pub checked: Vec<String>,
    pub consumers: usize,
}

/// Verifies the consumers of `systems` (every system when `None`).
pub fn verify_consumers(
    config: &Config,
    systems: Option<&BTreeSet<String>>,
) -> Result<Verified, UsageError> {
    let mut out = Verified::default();
    let redaction = crate::fixtures::redact::Redaction {
        paths: Vec::new(),
        secrets: crate::fixtures::redact::known(),
    };
    let mut contracts: BTreeMap<String, (String, Contract)> = BTreeMap::new();
    for consumer in &config.consumers {
        let Some(file) = &consumer.pact else {
            continue;
        };
        let pact = Pact::read(&config.resolve(file))?;
        let system = pact_system(config, consumer, &pact)?;
        if systems.is_some_and(|s| !s.contains(&system)) {
            continue;
        }
        if !contracts.contains_key(&system) {
            let subject = config
                .system(&system)
                .and_then(|s| config.subject(&s.contract))
                .ok_or_else(|| UsageError::Input(format!("`{system}`: no contract subject")))?;
            let contract = Contract::load(&config.resolve(&subject.file))?;
            contracts.insert(system.clone(), (subject.name.clone(), contract));
        }
        let Some((subject, contract)) = contracts.get(&system) else {
            continue;
        };
        let owner = config.subject(subject).and_then(|s| s.owner.clone());
        let validator = Validator::new(contract);
        out.consumers += 1;
        for interaction in &pact.interactions {
            out.checked
                .push(format!("{}: {}", consumer.name, interaction.description));
            // Messages quote the values they judge: a secret the Pact shows
            // is never one of them.
            let mut exchange = interaction.exchange.clone();
            redaction.apply(&mut exchange);
            let (operation, issues) =
                validator.expectation(&exchange, &interaction.response_matchers);
            for issue in issues {
                let Some(mut finding) = rules::judge_one(rules::consumer::RULES, &issue) else {
                    continue;
                };
                if let Some(op) = &operation {
                    let at = contract.position(&op.node);
                    let file = contract.document(op.node.doc).display_path();
                    finding.message = format!(
                        "{} (`{}` at {file}:{})",
                        finding.message,
                        op.name(),
                        at.line
                    );
                }
                let pointer = in_pact(interaction, &issue.pointer());
                let at = pact.document.position(&pointer);
                finding.location = Some(Location {
                    file: pact.document.display_path(),
                    pointer,
                    line: at.line,
                    column: at.column,
                });
                finding.subject = Some(subject.clone());
                finding.owner.clone_from(&owner);
                finding.operation = operation.as_ref().map(|o| o.name());
                finding.fixture = Some(format!("{}: {}", consumer.name, interaction.description));
                out.findings.push(finding);
            }
        }
    }
    Ok(out)
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

    fn verified(pact: &str) -> Verified {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("api.yaml"), API).unwrap();
        std::fs::write(dir.path().join("p.json"), pact).unwrap();
        std::fs::write(
            dir.path().join("accord.yaml"),
            "subjects: {api: {kind: api, file: api.yaml}}\nsystems: {auth: {contract: api}}\nconsumers: {app: {system: auth, pact: p.json}}\n",
        )
        .unwrap();
        let config = Config::read(&dir.path().join("accord.yaml")).unwrap();
        verify_consumers(&config, None).unwrap()
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
