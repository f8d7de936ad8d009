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

pub mod openapi;

use serde_json::Value;

use crate::config::{Config, LintSettings};
use crate::findings::{Finding, Level};
use crate::load::{Contract, NodeRef};
use crate::rules;

/// Something a governance rule judges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LintIssue {
    OperationIdMissing,
    OperationIdDuplicate { id: String, first: String },
    SuccessResponseMissing,
    ErrorResponseMissing,
    ErrorNotProblemDetails { status: String, why: String },
    PaginationMissing,
    SecurityMissing { explicitly_public: bool },
    PathSegmentCase { segment: String },
    PathCollectionSingular { segment: String },
    InfoVersionNotSemver { version: String },
    SunsetMissing { what: String },
    OwnerMissing { subject: String },
    RateLimitUndocumented { missing: String },
    IdempotencyKeyMissing { header: String },
    CorrelationIdMissing { header: String, side: &'static str },
}

/// An issue at a node of a contract, in an operation or not.
#[derive(Clone, Debug)]
pub struct Found {
    pub issue: LintIssue,
    pub node: NodeRef,
    pub operation: Option<String>,
    /// The path template it is about (for exceptions by path).
    pub path: Option<String>,
}

/// Lints one contract of `subject` (its findings, placed, with the
/// settings' levels and exceptions applied).
pub fn contract(
    subject: Option<&str>,
    contract: &Contract,
    settings: &LintSettings,
) -> Vec<Finding> {
    let found = match &contract.kind {
        crate::load::ContractKind::OpenApi { .. } => openapi::lint(contract, settings),
        crate::load::ContractKind::JsonSchema { .. } => Vec::new(),
    };
    found
        .into_iter()
        .filter_map(|f| {
            let mut finding = rules::judge_one(rules::lint::RULES, &f.issue)?;
            if settings.excepted(&finding.rule, subject, f.path.as_deref()) {
                return None;
            }
            finding.level = settings.level(&finding.rule, finding.level)?;
            finding.location = Some(rules::location(contract, &f.node));
            finding.operation = f.operation;
            finding.subject = subject.map(str::to_owned);
            Some(finding)
        })
        .collect()
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
            let mut finding = rules::judge_one(rules::lint::RULES, &issue)?;
            if settings.excepted(&finding.rule, Some(&s.name), None) {
                return None;
            }
            finding.level = settings.level(&finding.rule, finding.level)?;
            let at = config.subject_position(&s.name);
            finding.location = Some(crate::findings::Location {
                file: config.document.display_path(),
                pointer: crate::model::pointer::JsonPointer::root()
                    .push("subjects")
                    .push(&s.name),
                line: at.line,
                column: at.column,
            });
            finding.subject = Some(s.name.clone());
            Some(finding)
        })
        .collect()
}

/// Every contract of `config` (the registry-wide rules too).
pub fn all(config: &Config) -> Result<Vec<Finding>, crate::load::Error> {
    let mut findings = registry(config);
    for subject in &config.subjects {
        let loaded = Contract::load(&config.resolve(&subject.file))?;
        findings.extend(contract(Some(&subject.name), &loaded, &config.lint));
    }
    Ok(findings)
}

/// Whether a JSON value is a non-empty string.
pub(crate) fn text(value: Option<&Value>) -> Option<&str> {
    value.and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// The level of a rule after the settings (re-exported for tests).
pub fn level_of(settings: &LintSettings, rule: &str, default: Level) -> Option<Level> {
    settings.level(rule, default)
}
