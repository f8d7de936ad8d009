//! Governance lint: the domain's own rules on every contract — operations
//! with ids, success and error responses, one problem-details shape for
//! errors, pagination, security on every operation, resource naming,
//! semver, sunset dates, owners — as Spectral or Redocly do for style.
//! Each rule is one file under `rules/lint/` (id, level, documentation);
//! this module finds what they judge. `accord.yaml`'s `lint` section sets
//! a rule's level (or `off`) and lists exceptions, each with a reason.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod events;
pub mod openapi;
pub(crate) mod resolve;
pub mod reuse;

use std::collections::BTreeSet;

use serde_json::Value;

use crate::config::{Config, LintSettings, SubjectKind};
use crate::findings::Finding;
use crate::load::{Contract, NodeRef};
use crate::rules;
pub use crate::rules::lint::LintIssue;

/// An issue at a node of a contract, in an operation or not.
#[derive(Clone, Debug)]
pub struct Found {
    pub issue: LintIssue,
    pub node: NodeRef,
    pub operation: Option<String>,
    /// The path template it is about (for exceptions by path).
    pub path: Option<String>,
}

/// A canonical object of the registry, as other contracts use it.
#[derive(Clone, Debug, Default)]
pub struct Canonical {
    pub subject: String,
    /// Its file, absolute (a `$ref` to it is reuse, not redefinition).
    pub file: std::path::PathBuf,
    /// Its top-level property names.
    pub properties: BTreeSet<String>,
    /// Its properties marked personal data (`x-pii: true`), normalised.
    pub pii: BTreeSet<String>,
}

/// What a contract is linted with.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub subject: Option<&'a str>,
    pub kind: Option<SubjectKind>,
    pub settings: &'a LintSettings,
    /// The canonical objects (empty outside a registry).
    pub canonical: &'a [Canonical],
}

impl<'a> Context<'a> {
    /// A contract on its own: no subject, no registry.
    pub fn alone(settings: &'a LintSettings) -> Self {
        Self {
            subject: None,
            kind: None,
            settings,
            canonical: &[],
        }
    }
}

/// `Email`, `e_mail`, `e-mail` → `email`: how field names are compared.
pub fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Lints one contract (its findings, placed, with the settings' levels
/// and exceptions applied).
pub fn contract(context: Context<'_>, contract: &Contract) -> Vec<Finding> {
    let settings = context.settings;
    let subject = context.subject;
    let mut found = match &contract.kind {
        crate::load::ContractKind::OpenApi { .. } => openapi::lint(contract, settings),
        crate::load::ContractKind::JsonSchema { .. } => Vec::new(),
    };
    if context.kind == Some(SubjectKind::Event) {
        found.extend(events::lint(contract, subject));
    }
    if context.kind != Some(SubjectKind::Schema) {
        found.extend(reuse::lint(contract, context.canonical));
    }
    found
        .into_iter()
        .filter_map(|f| {
            let mut finding = judged(settings, &f.issue, subject, f.path.as_deref())?;
            finding.location = Some(rules::location(contract, &f.node));
            finding.operation = f.operation;
            finding.subject = subject.map(str::to_owned);
            Some(finding)
        })
        .collect()
}

/// The finding of an issue at the level the settings give its rule;
/// `None` when the rule is off or an exception covers it.
fn judged(
    settings: &LintSettings,
    issue: &LintIssue,
    subject: Option<&str>,
    path: Option<&str>,
) -> Option<Finding> {
    let mut finding = rules::judge_one(rules::lint::RULES, issue)?;
    if settings.excepted(&finding.rule, subject, path) {
        return None;
    }
    finding.level = settings.level(&finding.rule, finding.level)?;
    Some(finding)
}

/// The canonical objects of a registry (its `schema` subjects), read from
/// their files.
pub fn canonical(config: &Config) -> Vec<Canonical> {
    config
        .subjects
        .iter()
        .filter(|s| s.kind == SubjectKind::Schema)
        .filter_map(|s| {
            let file = config.resolve(&s.file);
            let loaded = Contract::load(&file).ok()?;
            canonical_of(&s.name, file, &loaded)
        })
        .collect()
}

/// A canonical object as other contracts use it: its fields and which of
/// them are personal data.
fn canonical_of(subject: &str, file: std::path::PathBuf, loaded: &Contract) -> Option<Canonical> {
    let properties = loaded
        .root()
        .root
        .get("properties")
        .and_then(Value::as_object)?;
    let pii = properties
        .iter()
        .filter(|(_, v)| v.get("x-pii").and_then(Value::as_bool) == Some(true))
        .map(|(k, _)| normalise(k))
        .collect();
    Some(Canonical {
        subject: subject.to_owned(),
        file: std::fs::canonicalize(&file).unwrap_or(file),
        properties: properties.keys().cloned().collect(),
        pii,
    })
}

/// The registry-wide rules: every subject has an owner.
pub fn registry(config: &Config) -> Vec<Finding> {
    let settings = &config.lint;
    config
        .subjects
        .iter()
        .filter(|s| s.owner.is_none())
        .filter_map(|s| {
            let issue = LintIssue::OwnerMissing {
                subject: s.name.clone(),
            };
            let mut finding = judged(settings, &issue, Some(&s.name), None)?;
            finding.location = Some(crate::findings::Location::at(
                &config.document,
                crate::model::pointer::JsonPointer::root()
                    .push("subjects")
                    .push(&s.name),
            ));
            finding.subject = Some(s.name.clone());
            Some(finding)
        })
        .collect()
}

/// Every contract of `config` (the registry-wide rules too), each file
/// loaded once.
pub fn all(config: &Config) -> Result<Vec<Finding>, crate::load::Error> {
    let mut findings = registry(config);
    let mut loaded = Vec::with_capacity(config.subjects.len());
    for subject in &config.subjects {
        let file = config.resolve(&subject.file);
        let contract = Contract::load(&file)?;
        loaded.push((subject, file, contract));
    }
    let canonical: Vec<Canonical> = loaded
        .iter()
        .filter(|(s, _, _)| s.kind == SubjectKind::Schema)
        .filter_map(|(s, file, c)| canonical_of(&s.name, file.clone(), c))
        .collect();
    for (subject, _, loaded) in &loaded {
        let context = Context {
            subject: Some(&subject.name),
            kind: Some(subject.kind),
            settings: &config.lint,
            canonical: &canonical,
        };
        let mut found = contract(context, loaded);
        for f in &mut found {
            f.owner.clone_from(&subject.owner);
        }
        findings.extend(found);
    }
    Ok(findings)
}

/// Whether a JSON value is a non-empty string.
pub(crate) fn text(value: Option<&Value>) -> Option<&str> {
    value.and_then(Value::as_str).filter(|s| !s.is_empty())
}
