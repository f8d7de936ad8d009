//! A local "sandbox" for the drift and record tests, started by each test
//! on 127.0.0.1: it answers every bundled fixture's request with the
//! recorded response, except for the drifts a test plants (a field
//! removed, a new enum value, a changed type, an undocumented field, a 500,
//! a 429 with `Retry-After: 1`), and remembers what it received.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use accord::fixtures::Fixture;
use serde_json::{Value, json};

use crate::support::{Run, Scratch};
/// The bundled registry (contracts, fixtures, accord.yaml) in a scratch
/// directory.
pub(crate) fn registry() -> Scratch {
    let s = Scratch::new();
    s.copy_contracts();
    s.copy_dir_from_repo("fixtures");
    s.write("accord.yaml", s.read_repo("accord.yaml"));
    s
}

/// A request the sandbox received.
#[derive(Clone, Debug)]
pub(crate) struct Received {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) authorization: Option<String>,
    pub(crate) at: Instant,
}

/// How the sandbox drifted from the recordings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Drift {
    /// The six drifts of the issue.
    Six,
    /// Those and one more: `crm-acme-get-account-hq` answers 404.
    SixAndOne,
    /// None: every request answered as recorded.
    None,
    /// None, but `crm-acme-get-account-hq` answers only after 3 s.
    Slow,
    /// A careless sandbox: every answer echoes the request's credential
    /// (in its body and in a header), and `erp-acme-get-customer`
    /// redirects to another origin ([`Sandbox::elsewhere`]).
    Echo,
}

pub(crate) struct Sandbox {
    /// (method, system, path, sorted query, tenant) → fixture.
    pub(crate) table: BTreeMap<(String, String, String, String, String), Fixture>,
    pub(crate) drift: Mutex<Drift>,
    pub(crate) received: Mutex<Vec<Received>>,
    /// Where [`Drift::Echo`] redirects to.
    pub(crate) elsewhere: Mutex<String>,
}

pub(crate) fn key(
    method: &str,
    system: &str,
    path: &str,
    query: &[(String, String)],
    tenant: &str,
) -> (String, String, String, String, String) {
    let mut query: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    query.sort();
    (
        method.to_owned(),
        system.to_owned(),
        path.to_owned(),
        query.join("&"),
        tenant.to_owned(),
    )
}

impl Sandbox {
    pub(crate) fn answer(
        &self,
        fixture: &Fixture,
        calls: usize,
        credential: Option<String>,
    ) -> wiremock::ResponseTemplate {
        let drift = *self.drift.lock().unwrap();
        let mut status = fixture.response.status;
        let mut body = fixture.response.body.clone();
        let mut headers = fixture.response.headers.clone();
        if drift == Drift::Echo {
            if fixture.id == "erp-acme-get-customer" {
                let to = format!("{}/collect?from=erp", self.elsewhere.lock().unwrap());
                return wiremock::ResponseTemplate::new(302).insert_header("Location", to.as_str());
            }
            let echoed = credential.unwrap_or_default();
            if let Some(object) = body.as_object_mut() {
                object.insert("echoAuth".to_owned(), json!(echoed));
                object.insert("note".to_owned(), json!(format!("sent with {echoed}!")));
            }
            headers.push(("X-Echo".to_owned(), echoed));
        }
        if matches!(drift, Drift::Six | Drift::SixAndOne) {
            match fixture.id.as_str() {
                "erp-acme-get-customer" => {
                    body.as_object_mut().unwrap().remove("terms");
                }
                "erp-acme-get-item" => body["itemType"] = json!("kitItem"),
                "crm-globex-get-account" => body["NumberOfEmployees"] = json!("about 90000"),
                "erp-acme-get-sales-order" => body["legacyCode"] = json!("LC-1"),
                "crm-globex-get-contact" => {
                    status = 500;
                    body = json!({"message": "internal error"});
                }
                // Every first call of a run is turned away for a second.
                "erp-globex-get-invoice" if calls.is_multiple_of(2) => {
                    status = 429;
                    body = Value::Null;
                    headers = vec![("Retry-After".to_owned(), "1".to_owned())];
                }
                "crm-acme-get-account-hq" if drift == Drift::SixAndOne => {
                    status = 404;
                    headers = vec![(
                        "Content-Type".to_owned(),
                        "application/problem+json".to_owned(),
                    )];
                    body = json!({
                        "type": "https://crm.accord.example/problems/not-found",
                        "title": "Record not found",
                        "status": 404,
                        "detail": "No Account 001A000001AcmeHQ01 in org acme.",
                        "correlation_id": "corr-1"
                    });
                }
                _ => {}
            }
        }
        let mut template = wiremock::ResponseTemplate::new(status);
        if drift == Drift::Slow && fixture.id == "crm-acme-get-account-hq" {
            template = template.set_delay(std::time::Duration::from_secs(3));
        }
        let mut media = "application/json".to_owned();
        for (name, value) in &headers {
            if name.eq_ignore_ascii_case("content-type") {
                media.clone_from(value);
            } else {
                template = template.insert_header(name.as_str(), value.as_str());
            }
        }
        match body {
            Value::Null => template,
            Value::String(text) => template.set_body_raw(text, &media),
            body => template.set_body_raw(serde_json::to_vec(&body).unwrap(), &media),
        }
    }
}

pub(crate) struct Responder(Arc<Sandbox>);

impl wiremock::Respond for Responder {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let path = request.url.path();
        let (system, path) = path[1..].split_once('/').unwrap_or(("", ""));
        let path = format!("/{path}");
        let query: Vec<(String, String)> = request
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let header = |name: &str| {
            request
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let tenant = header("x-tenant-id").unwrap_or_default();
        let credential = header("authorization").or_else(|| header("x-api-key"));
        let mut received = self.0.received.lock().unwrap();
        received.push(Received {
            method: request.method.to_string(),
            path: path.clone(),
            authorization: header("authorization"),
            at: Instant::now(),
        });
        // Earlier calls of the same request.
        let calls = received.iter().filter(|r| r.path == path).count() - 1;
        drop(received);
        match self.0.table.get(&key(
            request.method.as_str(),
            system,
            &path,
            &query,
            &tenant,
        )) {
            Some(fixture) => self.0.answer(fixture, calls, credential),
            None => wiremock::ResponseTemplate::new(404),
        }
    }
}

/// A sandbox serving the scratch registry's fixtures, on loopback, for as
/// long as the returned runtime and server live.
pub(crate) struct Served {
    pub(crate) sandbox: Arc<Sandbox>,
    pub(crate) server: wiremock::MockServer,
    pub(crate) _runtime: tokio::runtime::Runtime,
}

impl Served {
    pub(crate) fn start(s: &Scratch, drift: Drift) -> Self {
        let mut table = BTreeMap::new();
        for (fixture, _) in accord::fixtures::read_all(&s.path().join("fixtures")).unwrap() {
            let k = key(
                &fixture.request.method,
                &fixture.system,
                &fixture.request.path,
                &fixture.request.query,
                fixture.tenant.as_deref().unwrap_or_default(),
            );
            // A request recorded twice (a rate-limited try, then the answer)
            // is answered as the later, successful recording says.
            if fixture.response.status != 429 {
                table.insert(k, fixture);
            }
        }
        let sandbox = Arc::new(Sandbox {
            table,
            drift: Mutex::new(drift),
            received: Mutex::new(Vec::new()),
            elsewhere: Mutex::new(String::new()),
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let server = runtime.block_on(async {
            let server = wiremock::MockServer::start().await;
            wiremock::Mock::given(wiremock::matchers::any())
                .respond_with(Responder(Arc::clone(&sandbox)))
                .mount(&server)
                .await;
            server
        });
        Self {
            sandbox,
            server,
            _runtime: runtime,
        }
    }

    pub(crate) fn base_urls(&self) -> [String; 4] {
        let uri = self.server.uri();
        assert!(uri.starts_with("http://127.0.0.1:"), "{uri}");
        [
            "--base-url".to_owned(),
            format!("crm={uri}/crm"),
            "--base-url".to_owned(),
            format!("erp={uri}/erp"),
        ]
    }

    pub(crate) fn received(&self) -> Vec<Received> {
        self.sandbox.received.lock().unwrap().clone()
    }
}

pub(crate) const SECRET: &str = "tok-acme-crm-4f9d2c7e1b";

/// Every credential [`live`] puts in the environment.
pub(crate) const TOKENS: [&str; 4] = [
    SECRET,
    "tok-acme-erp-77aa01",
    "tok-globex-crm-5c3e",
    "tok-globex-erp-9b21",
];

/// `accord drift --env sandbox` against the sandbox, with the tenants'
/// credentials in the environment.
pub(crate) fn drift(s: &Scratch, served: &Served, extra: &[&str]) -> Run {
    live(s, served, "drift", extra)
}

/// `accord COMMAND --env sandbox` against the sandbox, with the tenants'
/// credentials in the environment.
pub(crate) fn live(s: &Scratch, served: &Served, command: &str, extra: &[&str]) -> Run {
    let base_urls = served.base_urls();
    let mut args = vec![command, "--env", "sandbox"];
    args.extend(base_urls.iter().map(String::as_str));
    args.extend(extra);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(&args)
        .current_dir(s.path())
        .env("NO_COLOR", "1")
        .env("CI", "true")
        .env("ACME_CRM_TOKEN", TOKENS[0])
        .env("ACME_ERP_TOKEN", TOKENS[1])
        .env("GLOBEX_CRM_TOKEN", TOKENS[2])
        .env("GLOBEX_ERP_TOKEN", TOKENS[3])
        .output()
        .expect("accord runs");
    Run {
        code: output.status.code().expect("exited"),
        stdout: String::from_utf8(output.stdout).expect("utf-8"),
        stderr: String::from_utf8(output.stderr).expect("utf-8"),
    }
}

pub(crate) fn findings(run: &Run) -> Vec<Value> {
    run.json()["findings"].as_array().expect("findings").clone()
}

/// (rule, fixture) of each finding, sorted.
pub(crate) fn rules_and_fixtures(findings: &[Value]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_owned(),
                f["fixture"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    pairs.sort();
    pairs
}
