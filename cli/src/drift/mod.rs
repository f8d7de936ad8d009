//! `accord drift` and `accord record`: each fixture's request sent to a
//! live environment (a vendor's sandbox), and what came back compared two
//! ways — with the contract (spec↔live: status, headers, body schema,
//! undocumented fields) and with the recording (fixture↔live: status,
//! media type, which fields are there and of which types; never values).
//! A 5xx, a refused connection or a rate limit that outlasts the retries
//! is a finding, not a crash.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod shape;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::SystemTime;

use serde_json::Value;

use crate::config::{Config, Environment, VOLATILE_FIELDS};
use crate::exchange::{Context, Recorded, Systems, place, request_url, resent_headers};
use crate::findings::Finding;
use crate::fixtures::redact::MARKER;
use crate::fixtures::validate::{Issue, Validator};
use crate::fixtures::{Fixture, Response, header};
use crate::live::{Answer, Live, Outcome, Prepared, Sent};
use crate::model::pointer::JsonPointer;
use crate::rules;
pub use crate::rules::drift::{DriftIssue, ShapeChange, attempts};
use shape::Volatile;

/// Why drift or record could not run (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DriftError(pub String);

/// Where requests go and how.
pub struct Target<'a> {
    pub config: &'a Config,
    /// The environment, with `--base-url` overrides applied.
    pub environment: &'a Environment,
    pub systems: &'a Systems,
    /// (tenant, system) → the credential (read from the environment
    /// variables the environment names; never written anywhere).
    pub credentials: &'a Credentials,
}

/// Credentials read from environment variables.
#[derive(Default)]
pub struct Credentials {
    values: BTreeMap<(String, String), String>,
}

impl Credentials {
    /// Reads the variables `environment` names through `lookup`
    /// (`std::env::var` in the CLI); returns the variables that are unset
    /// for the tenants in `tenants`.
    pub fn read(
        environment: &Environment,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> (Self, Vec<(String, String, String)>) {
        let mut values = BTreeMap::new();
        let mut missing = Vec::new();
        for (tenant, systems) in &environment.credentials {
            for (system, variable) in systems {
                match lookup(variable).filter(|v| !v.is_empty()) {
                    Some(value) => {
                        // Scrubbed from everything the process writes.
                        crate::fixtures::redact::remember([&value]);
                        values.insert((tenant.clone(), system.clone()), value);
                    }
                    None => missing.push((tenant.clone(), system.clone(), variable.clone())),
                }
            }
        }
        (Self { values }, missing)
    }

    fn get(&self, tenant: Option<&str>, system: &str) -> Option<&str> {
        let tenant = tenant?;
        self.values
            .get(&(tenant.to_owned(), system.to_owned()))
            .map(String::as_str)
    }
}

/// A fixture's request: sent, or why not.
#[derive(Debug)]
pub enum Exchanged {
    Sent(Sent),
    NotSent(DriftIssue),
}

/// Recorded statuses a live system gives only under load: such fixtures
/// record how a client copes, not what the API returns.
const TRANSIENT: &[u16] = &[429, 503];

fn prepare(
    target: &Target<'_>,
    fixture: &Fixture,
) -> Result<Result<Prepared, DriftIssue>, DriftError> {
    let environment = target.environment;
    let method = fixture.request.method.to_ascii_uppercase();
    if !environment.allowed_methods.contains(&method) {
        return Ok(Err(DriftIssue::NotSent {
            reason: format!(
                "`{method}` is not among the methods environment `{}` may send ({}); allow it with `allowed_methods`",
                environment.name,
                environment.allowed_methods.join(", ")
            ),
        }));
    }
    if TRANSIENT.contains(&fixture.response.status) {
        return Ok(Err(DriftIssue::NotSent {
            reason: format!(
                "it records a `{}` answer, which a live system gives only under load",
                fixture.response.status
            ),
        }));
    }
    let Some(base) = environment.base_urls.get(&fixture.system) else {
        return Err(DriftError(format!(
            "environment `{}` has no base URL for system `{}`: set `environments.{}.systems.{}.base_url` in accord.yaml or pass `--base-url {}=URL`",
            environment.name, fixture.system, environment.name, fixture.system, fixture.system
        )));
    };
    let url = request_url(base, fixture);
    let url = url::Url::parse(&url).map_err(|e| {
        DriftError(format!(
            "{}: `{url}` is not a URL: {e}",
            fixture.file.display()
        ))
    })?;
    let method = reqwest::Method::from_bytes(method.as_bytes())
        .map_err(|e| DriftError(format!("{}: {e}", fixture.file.display())))?;
    let auth = environment
        .auth
        .get(&fixture.system)
        .cloned()
        .unwrap_or_default();
    let mut headers: Vec<(String, String, bool)> = resent_headers(fixture)
        // A redacted value stands for a secret we do not have.
        .filter(|(name, value)| !value.contains(MARKER) && !name.eq_ignore_ascii_case(&auth.header))
        .map(|(n, v)| (n.to_owned(), v.to_owned(), false))
        .collect();
    if let Some(credential) = target
        .credentials
        .get(fixture.tenant.as_deref(), &fixture.system)
    {
        let value = if auth.scheme.is_empty() {
            credential.to_owned()
        } else {
            format!("{} {credential}", auth.scheme)
        };
        headers.push((auth.header.clone(), value, true));
    }
    Ok(Ok(Prepared {
        method,
        url,
        headers,
        body: crate::fixtures::mock::body_bytes(&fixture.request.body),
    }))
}

/// Sends every fixture's request (those it may), `progress(done, total)`
/// after each; the results in the fixtures' order.
pub fn exchange(
    target: &Target<'_>,
    recorded: &[Recorded],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<Exchanged>, DriftError> {
    let mut results: Vec<Option<Exchanged>> = Vec::with_capacity(recorded.len());
    let mut to_send = Vec::new();
    for (index, r) in recorded.iter().enumerate() {
        match prepare(target, &r.fixture)? {
            Ok(prepared) => {
                results.push(None);
                to_send.push((index, prepared));
            }
            Err(issue) => results.push(Some(Exchanged::NotSent(issue))),
        }
    }
    let total = recorded.len();
    let mut done = total - to_send.len();
    progress(done, total);
    let live = Arc::new(Live::new(target.environment).map_err(DriftError)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| DriftError(format!("cannot start the HTTP client: {e}")))?;
    runtime.block_on(async {
        // Admitted in the fixtures' order (see `Live::admit`), each sent by
        // a task of its own; answers are taken as they come.
        let (answers, mut answered) = tokio::sync::mpsc::unbounded_channel();
        let dispatch = Arc::clone(&live);
        tokio::spawn(async move {
            for (index, prepared) in to_send {
                let Some(admitted) = dispatch.admit(&prepared).await else {
                    break;
                };
                let (live, answers) = (Arc::clone(&dispatch), answers.clone());
                tokio::spawn(async move {
                    let sent = live.send_admitted(&prepared, admitted).await;
                    let _ = answers.send((index, sent));
                });
            }
        });
        while let Some((index, sent)) = answered.recv().await {
            if let Some(slot) = results.get_mut(index) {
                *slot = Some(Exchanged::Sent(sent));
            }
            done += 1;
            progress(done, total);
        }
    });
    Ok(results
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| {
                Exchanged::Sent(Sent {
                    outcome: Outcome::Failed("the request was lost".to_owned()),
                    attempts: 0,
                    waits: Vec::new(),
                })
            })
        })
        .collect())
}

/// Response headers not kept in a recording: the connection's and the
/// clock's.
const NOT_RECORDED: &[&str] = &[
    "date",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
];

/// The fixture as if recorded now from `answer` (not yet redacted).
pub fn as_recorded(fixture: &Fixture, answer: &Answer) -> Fixture {
    // The recording's spelling and order of header names (HTTP/1 sends
    // them lower-cased), so that a re-recording differs only where the
    // answer does.
    let mut live: Vec<(String, String)> = answer
        .headers
        .iter()
        .filter(|(n, _)| !NOT_RECORDED.contains(&n.to_ascii_lowercase().as_str()))
        .cloned()
        .collect();
    let mut headers = Vec::with_capacity(live.len());
    for (name, _) in &fixture.response.headers {
        if let Some(index) = live.iter().position(|(n, _)| n.eq_ignore_ascii_case(name)) {
            let (_, value) = live.remove(index);
            headers.push((name.clone(), value));
        }
    }
    headers.extend(live);
    let body = if answer.body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&answer.body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&answer.body).into_owned()))
    };
    let mut live = fixture.clone();
    live.recorded_at = Some(crate::time::rfc3339(SystemTime::now()));
    live.response = Response {
        status: answer.status,
        headers,
        body,
    };
    live
}

fn media_type(headers: &[(String, String)]) -> Option<String> {
    header(headers, "content-type").map(|v| {
        v.split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    })
}

/// fixture↔live: what differs in structure between a recording and a
/// newer answer to the same request, each with where in the recording.
pub fn structural(
    recorded: &Fixture,
    live: &Fixture,
    volatile: &Volatile,
) -> Vec<(DriftIssue, JsonPointer)> {
    let response = JsonPointer::root().push("response");
    if recorded.response.status != live.response.status {
        return vec![(
            DriftIssue::StatusChanged {
                recorded: recorded.response.status,
                live: live.response.status,
            },
            response.push("status"),
        )];
    }
    if let (Some(was), Some(now)) = (
        media_type(&recorded.response.headers),
        media_type(&live.response.headers),
    ) && was != now
    {
        return vec![(
            DriftIssue::MediaTypeChanged {
                recorded: was,
                live: now,
            },
            response.push("headers"),
        )];
    }
    let body = response.push("body");
    shape::compare(
        &recorded.response.body,
        &live.response.body,
        &body,
        volatile,
    )
    .into_iter()
    .map(|change| {
        let at = match &change {
            ShapeChange::Removed { at, .. }
            | ShapeChange::Added { at, .. }
            | ShapeChange::TypeChanged { at, .. } => at.clone(),
        };
        (DriftIssue::Shape(change), at)
    })
    .collect()
}

/// The volatile fields of an environment: the defaults and its own.
pub fn volatile(environment: &Environment) -> Volatile {
    Volatile::new(
        VOLATILE_FIELDS
            .iter()
            .copied()
            .chain(environment.volatile_fields.iter().map(String::as_str)),
    )
}

/// A send that did not end in an answer worth comparing: why.
fn unanswered(recorded: &Fixture, sent: &Sent) -> Option<DriftIssue> {
    match &sent.outcome {
        Outcome::OverBudget { host, budget } => Some(DriftIssue::OverBudget {
            host: host.clone(),
            budget: *budget,
        }),
        Outcome::Failed(reason) => Some(DriftIssue::Unreachable {
            reason: reason.clone(),
            attempts: sent.attempts,
        }),
        Outcome::Redirected { status, to } => Some(DriftIssue::Redirected {
            status: *status,
            to: to.clone(),
        }),
        Outcome::TooLarge { status, limit } => Some(DriftIssue::TooLarge {
            status: *status,
            limit: *limit,
        }),
        // What was recorded is what came: compare it.
        Outcome::Answered(answer) if answer.status == recorded.response.status => None,
        Outcome::Answered(answer) if TRANSIENT.contains(&answer.status) => {
            Some(DriftIssue::RateLimited {
                status: answer.status,
                attempts: sent.attempts,
                retry_after: header(&answer.headers, "retry-after").map(str::to_owned),
            })
        }
        Outcome::Answered(answer) if answer.status >= 500 => Some(DriftIssue::ServerError {
            status: answer.status,
            attempts: sent.attempts,
        }),
        Outcome::Answered(_) => None,
    }
}

/// Every issue of one fixture's exchange, each with where in the fixture.
fn judge(
    target: &Target<'_>,
    validator: Option<&Validator<'_>>,
    recorded: &Recorded,
    exchanged: &Exchanged,
    volatile: &Volatile,
) -> (Option<String>, Vec<(DriftIssue, JsonPointer)>) {
    let fixture = &recorded.fixture;
    let request = JsonPointer::root().push("request");
    let sent = match exchanged {
        Exchanged::NotSent(issue) => return (None, vec![(issue.clone(), request.push("method"))]),
        Exchanged::Sent(sent) => sent,
    };
    if let Some(issue) = unanswered(fixture, sent) {
        return (None, vec![(issue, request)]);
    }
    let Outcome::Answered(answer) = &sent.outcome else {
        return (None, Vec::new());
    };
    let mut live = as_recorded(fixture, answer);
    // Live values are redacted before anything can quote them.
    target
        .config
        .redaction_for(&fixture.system)
        .apply(&mut live);
    let mut issues = structural(fixture, &live, volatile);
    let mut operation = None;
    if let Some(validator) = validator {
        let allowed = |name: &str| {
            target
                .systems
                .custom_field(fixture.tenant.as_deref(), &fixture.system, name)
        };
        let (op, found) = validator.check(&live, &allowed);
        operation = op.map(|o| o.name());
        let response = JsonPointer::root().push("response");
        for issue in found {
            let at = match &issue {
                Issue::StatusUndeclared { .. } => response.push("status"),
                Issue::HeaderMissing { .. } => response.push("headers"),
                Issue::ResponseInvalid { at, .. } | Issue::Undocumented { at, .. } => at.clone(),
                // The request's own issues are replay's to report.
                Issue::Unmatched { .. }
                | Issue::RequestRejected { .. }
                | Issue::MockMismatch { .. }
                | Issue::Unpromised { .. } => {
                    continue;
                }
            };
            issues.push((DriftIssue::Live(issue), at));
        }
    }
    (operation, issues)
}

/// `accord drift`: findings of every fixture's live exchange.
pub fn drift(
    target: &Target<'_>,
    recorded: &[Recorded],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<Finding>, DriftError> {
    let exchanged = exchange(target, recorded, progress)?;
    let validators: BTreeMap<&str, Validator<'_>> = target
        .systems
        .contracts
        .iter()
        .map(|(system, (_, contract))| (system.as_str(), Validator::new(contract)))
        .collect();
    let volatile = volatile(target.environment);
    let mut findings = Vec::new();
    for (r, exchanged) in recorded.iter().zip(&exchanged) {
        let validator = validators.get(r.fixture.system.as_str());
        let (operation, issues) = judge(target, validator, r, exchanged, &volatile);
        let (subject, owner) = subject_of(target, &r.fixture.system);
        for (issue, at) in issues {
            findings.extend(finding(
                r,
                &issue,
                at,
                subject,
                operation.clone(),
                owner.clone(),
            ));
        }
    }
    Ok(findings)
}

/// The subject of a system's contract and its owner.
pub fn subject_of<'t>(target: &Target<'t>, system: &str) -> (Option<&'t str>, Option<String>) {
    let subject = target
        .systems
        .contracts
        .get(system)
        .map(|(subject, _)| subject.as_str());
    let owner = subject
        .and_then(|s| target.config.subject(s))
        .and_then(|s| s.owner.clone());
    (subject, owner)
}

/// The finding of a drift issue, placed in the fixture's file.
pub fn finding(
    recorded: &Recorded,
    issue: &DriftIssue,
    at: JsonPointer,
    subject: Option<&str>,
    operation: Option<String>,
    owner: Option<String>,
) -> Option<Finding> {
    let finding = rules::judge_one(rules::drift::RULES, issue)?;
    Some(place(
        finding,
        recorded,
        at,
        Context {
            subject,
            operation: operation.or_else(|| recorded.fixture.operation.clone()),
            owner,
        },
    ))
}

/// What `accord record` did with one fixture.
pub enum Rerecorded {
    /// The new recording (not yet redacted; [`Fixture::write`] does it).
    New(Box<Fixture>),
    /// Not recorded, why, and where in the old recording.
    Failed(DriftIssue, JsonPointer),
}

/// `accord record`: every fixture's request again, answered live.
pub fn record(
    target: &Target<'_>,
    recorded: &[Recorded],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<Rerecorded>, DriftError> {
    let exchanged = exchange(target, recorded, progress)?;
    Ok(recorded
        .iter()
        .zip(exchanged)
        .map(|(r, exchanged)| {
            let request = JsonPointer::root().push("request");
            match exchanged {
                Exchanged::NotSent(issue) => Rerecorded::Failed(issue, request.push("method")),
                Exchanged::Sent(sent) => match (unanswered(&r.fixture, &sent), &sent.outcome) {
                    (Some(issue), _) => Rerecorded::Failed(issue, request),
                    (None, Outcome::Answered(answer)) => {
                        Rerecorded::New(Box::new(as_recorded(&r.fixture, answer)))
                    }
                    (None, _) => Rerecorded::Failed(
                        DriftIssue::Unreachable {
                            reason: "no answer".to_owned(),
                            attempts: sent.attempts,
                        },
                        request,
                    ),
                },
            }
        })
        .collect())
}
