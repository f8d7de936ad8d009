//! `accord replay`: every fixture against its system's current contract
//! (the request it sent, the response it got, the fields nobody
//! documented), then over real HTTP against mock endpoints built from the
//! recordings and the contracts' examples, comparing what the mock served
//! with what was recorded.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::config::Config;
use crate::findings::Finding;
use crate::fixtures::mock::{MockTable, body_bytes};
use crate::fixtures::validate::{Issue, Validator};
use crate::fixtures::{self, Fixture};

pub use crate::exchange::ReplayError;
use crate::exchange::{
    Recorded, SOURCE_HEADER, Systems, finding, request_url, resent_headers, source_text,
};

/// The static half of replay: every fixture of the systems in `only`
/// (all when `None`) against its system's contract.
pub fn validate(
    config: &Config,
    systems: &Systems,
    recorded: &[Recorded],
    only: Option<&BTreeSet<String>>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (system, (subject, contract)) in &systems.contracts {
        if only.is_some_and(|o| !o.contains(system)) {
            continue;
        }
        let owner = config.subject(subject).and_then(|s| s.owner.clone());
        let validator = Validator::new(contract);
        for r in recorded.iter().filter(|r| &r.fixture.system == system) {
            let allowed =
                |name: &str| systems.custom_field(r.fixture.tenant.as_deref(), system, name);
            let (op, issues) = validator.check(&r.fixture, &allowed);
            let operation = op.map(|o| o.name());
            for issue in &issues {
                findings.extend(finding(
                    r,
                    Some(subject),
                    operation.clone(),
                    issue,
                    owner.clone(),
                ));
            }
        }
    }
    findings
}

/// Both halves of replay at once (they are independent): the fixtures
/// against the contracts on one thread, over HTTP against the mock on the
/// others. Findings of both.
pub fn run(
    config: &Config,
    systems: &Systems,
    recorded: &[Recorded],
) -> Result<(Vec<Finding>, Served), ReplayError> {
    std::thread::scope(|scope| {
        let validated = scope.spawn(|| validate(config, systems, recorded, None));
        let served = against_mock(config, systems, recorded);
        let findings = validated
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Ok((findings, served?))
    })
}

/// What the mock half of replay found.
#[derive(Debug, Default)]
pub struct Served {
    pub findings: Vec<Finding>,
    /// How many fixtures the mock served exactly as recorded.
    pub as_recorded: usize,
}

/// A wiremock responder over one system's table.
struct Responder(std::sync::Arc<MockTable>);

impl wiremock::Respond for Responder {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let headers: Vec<(String, String)> = request
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    v.to_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        let answer = self.0.answer(
            request.method.as_str(),
            request.url.path(),
            request.url.query().unwrap_or_default(),
            &headers,
            &request.body,
        );
        let mut template = wiremock::ResponseTemplate::new(answer.status)
            .insert_header(SOURCE_HEADER, source_text(&answer.source).as_str());
        for (name, value) in &answer.headers {
            if !name.eq_ignore_ascii_case("content-type") {
                template = template.insert_header(name.as_str(), value.as_str());
            }
        }
        let media = fixtures::header(&answer.headers, "content-type").unwrap_or("application/json");
        template.set_body_raw(answer.body, media)
    }
}

/// Sends every fixture's request over HTTP to a mock of its system (one
/// wiremock server per system, on loopback), and compares each answer with
/// the recorded response.
pub fn against_mock(
    config: &Config,
    systems: &Systems,
    recorded: &[Recorded],
) -> Result<Served, ReplayError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ReplayError::Input(format!("cannot start the mock servers: {e}")))?;
    let (served, servers) = runtime.block_on(serve_all(config, systems, recorded))?;
    // A wiremock server, dropped, waits for its state with a blocking
    // executor. Inside the runtime, once the task's cooperative budget is
    // spent, tokio answers that wait "not yet, try again" forever (a
    // replay of 10,000 fixtures spun a core for minutes): the servers are
    // dropped here, outside it.
    drop(servers);
    Ok(served)
}

async fn serve_all(
    config: &Config,
    systems: &Systems,
    recorded: &[Recorded],
) -> Result<(Served, Vec<wiremock::MockServer>), ReplayError> {
    crate::live::install_tls();
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .map_err(|e| ReplayError::Input(format!("cannot build an HTTP client: {e}")))?;
    let mut served = Served::default();
    let mut servers = Vec::new();
    for (system, (subject, contract)) in &systems.contracts {
        let mine: Vec<&Recorded> = recorded
            .iter()
            .filter(|r| &r.fixture.system == system)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let fixtures: Vec<&Fixture> = mine.iter().map(|r| &r.fixture).collect();
        let table = std::sync::Arc::new(MockTable::new(contract, &fixtures));
        let server = wiremock::MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Responder(table))
            .mount(&server)
            .await;
        let base = server.uri();
        let semaphore = std::sync::Arc::new(tokio::sync::Semaphore::new(32));
        let mut tasks = tokio::task::JoinSet::new();
        for (index, r) in mine.iter().enumerate() {
            let request = build(&client, &base, &r.fixture);
            let permit = std::sync::Arc::clone(&semaphore);
            tasks.spawn(async move {
                let _permit = permit.acquire_owned().await;
                let result = match request {
                    Ok(request) => match request.send().await {
                        Ok(response) => {
                            let status = response.status().as_u16();
                            let source = response
                                .headers()
                                .get(SOURCE_HEADER)
                                .and_then(|v| v.to_str().ok())
                                .map(str::to_owned);
                            response
                                .bytes()
                                .await
                                .map(|b| (status, b.to_vec(), source))
                                .map_err(|e| e.to_string())
                        }
                        Err(e) => Err(e.to_string()),
                    },
                    Err(e) => Err(e),
                };
                (index, result)
            });
        }
        let owner = config.subject(subject).and_then(|s| s.owner.clone());
        while let Some(joined) = tasks.join_next().await {
            let Ok((index, result)) = joined else {
                continue;
            };
            let Some(r) = mine.get(index) else { continue };
            match compare(&r.fixture, result) {
                None => served.as_recorded += 1,
                Some(detail) => served.findings.extend(finding(
                    r,
                    Some(subject),
                    r.fixture.operation.clone(),
                    &Issue::MockMismatch { detail },
                    owner.clone(),
                )),
            }
        }
        servers.push(server);
    }
    Ok((served, servers))
}

fn build(
    client: &reqwest::Client,
    base: &str,
    fixture: &Fixture,
) -> Result<reqwest::RequestBuilder, String> {
    let method = reqwest::Method::from_bytes(fixture.request.method.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut request = client.request(method, request_url(base, fixture));
    for (name, value) in resent_headers(fixture) {
        request = request.header(name, value);
    }
    let body = body_bytes(&fixture.request.body);
    if !body.is_empty() {
        request = request.body(body);
    }
    Ok(request)
}

/// What differs between a served answer and the recording; `None` when
/// nothing does.
fn compare(
    fixture: &Fixture,
    served: Result<(u16, Vec<u8>, Option<String>), String>,
) -> Option<String> {
    let (status, body, source) = match served {
        Ok(answer) => answer,
        Err(e) => return Some(format!("the request failed: {e}")),
    };
    let recorded = &fixture.response;
    let body_matches = if recorded.body.is_null() {
        body.is_empty()
    } else if let Value::String(text) = &recorded.body {
        body == text.as_bytes()
    } else {
        serde_json::from_slice::<Value>(&body)
            .is_ok_and(|v| crate::schema::validate::json_equal(&v, &recorded.body))
    };
    if status == recorded.status && body_matches {
        return None;
    }
    let from = match source.as_deref() {
        Some(id) if id != format!("recording:{}", fixture.id) => {
            format!(" (it served {id}: another recording of the same request comes first)")
        }
        _ => String::new(),
    };
    Some(if status != recorded.status {
        format!(
            "it answered `{status}` where the recording has `{}`{from}",
            recorded.status
        )
    } else {
        format!("it answered another body than the recorded one{from}")
    })
}
