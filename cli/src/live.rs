//! Requests to live systems (vendors' sandboxes), as a good citizen of
//! their rate limits: bounded concurrency, a timeout per request, retries
//! with exponential backoff after a 5xx or a failed connection, `429` and
//! `503` honoured with their `Retry-After` (seconds or an HTTP date) for
//! every later request to the same host, and a per-host request budget.
//! TLS through rustls on ring: no system OpenSSL.
//!
//! Credentials stay where they were configured to go: redirects are
//! followed within the request's origin only (a redirect elsewhere is
//! reported, not followed), and every credential value sent is scrubbed
//! from the answer before anything can read it. Bodies are read up to
//! the environment's cap, never further.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::config::Environment;
use crate::fixtures::redact::Secrets;

/// The longest `Retry-After` waited for; a system asking for more is
/// reported as rate-limited instead of stalling the run.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

/// The first backoff after a failure; doubled after each, up to
/// [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(8);

/// One request, ready to send.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub method: reqwest::Method,
    pub url: url::Url,
    /// Name, value, and whether the value is a secret (never logged).
    pub headers: Vec<(String, String, bool)>,
    pub body: Vec<u8>,
}

impl Prepared {
    /// The secret header values of the request.
    pub fn secrets(&self) -> Secrets {
        Secrets::new(
            self.headers
                .iter()
                .filter(|(_, _, secret)| *secret)
                .map(|(_, value, _)| value),
        )
    }
}

/// What the system answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// How sending a request ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The last answer (after retries, which may still be a 5xx or 429).
    Answered(Answer),
    /// No answer: the connection failed or timed out, every attempt.
    Failed(String),
    /// The host's request budget was spent before this request went out.
    OverBudget { host: String, budget: u32 },
    /// The answer redirected to another origin (`to`: its origin and
    /// path, never its query), which was not followed.
    Redirected { status: u16, to: String },
    /// The answer's body was larger than `limit` bytes: not read further.
    TooLarge { status: u16, limit: u64 },
}

/// A request's outcome and how many times it was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    pub outcome: Outcome,
    pub attempts: u32,
    /// The waits before each retry, in order.
    pub waits: Vec<Duration>,
}

/// A request let through: its place among the concurrent requests (held
/// until it is answered) and whether its first attempt fits the budget.
pub struct Admitted {
    _permit: OwnedSemaphorePermit,
    within_budget: bool,
}

/// A client for one environment.
pub struct Live {
    client: reqwest::Client,
    permits: Arc<Semaphore>,
    retries: u32,
    budget: Option<u32>,
    spent: Mutex<HashMap<String, u32>>,
    /// Host → not before this instant (a `Retry-After` it sent).
    paused: Mutex<HashMap<String, Instant>>,
    timeout: Duration,
    max_body: u64,
}

/// How many redirects within one origin are followed.
const MAX_REDIRECTS: usize = 5;

impl Live {
    /// A client with the environment's timeout, concurrency, retries and
    /// budget.
    pub fn new(environment: &Environment) -> Result<Self, String> {
        install_tls();
        let timeout = Duration::from_secs(environment.timeout_seconds.max(1));
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("accord/", env!("CARGO_PKG_VERSION"), " (drift)"))
            .redirect(reqwest::redirect::Policy::custom(|attempt| {
                let same = attempt
                    .previous()
                    .first()
                    .is_none_or(|first| first.origin() == attempt.url().origin());
                if !same {
                    // Answered with the redirect itself; `once` reports it.
                    attempt.stop()
                } else if attempt.previous().len() > MAX_REDIRECTS {
                    attempt.error("too many redirects")
                } else {
                    attempt.follow()
                }
            }))
            .build()
            .map_err(|e| format!("cannot build an HTTP client: {e}"))?;
        Ok(Self {
            client,
            permits: Arc::new(Semaphore::new(environment.concurrency.max(1))),
            retries: environment.retries,
            budget: environment.request_budget,
            spent: Mutex::new(HashMap::new()),
            paused: Mutex::new(HashMap::new()),
            timeout,
            max_body: environment.max_response_bytes,
        })
    }

    /// Lets a request through: waits for a place among the environment's
    /// concurrent requests, then spends its first attempt of the host's
    /// budget. Called in the fixtures' order, before the request is handed
    /// to a task, so which requests go first and which the budget turns
    /// away does not depend on how tasks are scheduled.
    pub async fn admit(&self, request: &Prepared) -> Option<Admitted> {
        let permit = Arc::clone(&self.permits).acquire_owned().await.ok()?;
        let within_budget = self.spend(&host_of(&request.url));
        Some(Admitted {
            _permit: permit,
            within_budget,
        })
    }

    /// Sends a request, retrying as the module says.
    pub async fn send(&self, request: &Prepared) -> Sent {
        match self.admit(request).await {
            Some(admitted) => self.send_admitted(request, admitted).await,
            None => Sent {
                outcome: Outcome::Failed("the client is shutting down".to_owned()),
                attempts: 0,
                waits: Vec::new(),
            },
        }
    }

    /// Sends a request [`admit`](Self::admit) let through.
    pub async fn send_admitted(&self, request: &Prepared, admitted: Admitted) -> Sent {
        let host = host_of(&request.url);
        let mut waits = Vec::new();
        let mut attempts = 0;
        let mut first_spent = admitted.within_budget;
        loop {
            self.wait_for(&host).await;
            // The first attempt was counted when the request was admitted.
            let within = if attempts == 0 {
                std::mem::take(&mut first_spent)
            } else {
                self.spend(&host)
            };
            if !within {
                return Sent {
                    outcome: Outcome::OverBudget {
                        host,
                        budget: self.budget.unwrap_or_default(),
                    },
                    attempts,
                    waits,
                };
            }
            attempts += 1;
            let last = attempts > self.retries;
            let wait = match self.once(request).await {
                Ok(Err(refused)) => {
                    return Sent {
                        outcome: refused,
                        attempts,
                        waits,
                    };
                }
                Ok(Ok(answer)) => {
                    let retry_after = header(&answer.headers, "retry-after")
                        .and_then(|v| retry_after(v, SystemTime::now()));
                    let retryable = matches!(answer.status, 429 | 500..=599);
                    if !retryable || last {
                        return Sent {
                            outcome: Outcome::Answered(answer),
                            attempts,
                            waits,
                        };
                    }
                    match retry_after {
                        Some(wait) if wait > MAX_RETRY_AFTER => {
                            return Sent {
                                outcome: Outcome::Answered(answer),
                                attempts,
                                waits,
                            };
                        }
                        Some(wait) => {
                            // Every request to this host waits, not only this one.
                            self.pause(&host, wait);
                            wait
                        }
                        None => backoff(attempts),
                    }
                }
                Err(Failure { reason, retryable }) => {
                    if !retryable || last {
                        return Sent {
                            outcome: Outcome::Failed(reason),
                            attempts,
                            waits,
                        };
                    }
                    backoff(attempts)
                }
            };
            waits.push(wait);
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt: the answer, scrubbed of the credentials sent; or an
    /// answer not taken (a redirect elsewhere, a body over the cap).
    async fn once(&self, request: &Prepared) -> Result<Result<Answer, Outcome>, Failure> {
        let mut builder = self
            .client
            .request(request.method.clone(), request.url.clone());
        for (name, value, secret) in &request.headers {
            let (Ok(name), Ok(mut value)) = (
                reqwest::header::HeaderName::from_bytes(name.as_bytes()),
                reqwest::header::HeaderValue::from_str(value),
            ) else {
                continue;
            };
            value.set_sensitive(*secret);
            builder = builder.header(name, value);
        }
        if !request.body.is_empty() {
            builder = builder.body(request.body.clone());
        }
        let mut response = builder.send().await.map_err(|e| self.failure(&e))?;
        let status = response.status().as_u16();
        if response.status().is_redirection()
            && let Some(to) = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .and_then(|l| response.url().join(l).ok())
            && to.origin() != request.url.origin()
        {
            let mut shown = to;
            shown.set_query(None);
            shown.set_fragment(None);
            let _ = shown.set_username("");
            let _ = shown.set_password(None);
            return Ok(Err(Outcome::Redirected {
                status,
                to: shown.to_string(),
            }));
        }
        let secrets = request.secrets();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    secrets.scrub(&String::from_utf8_lossy(v.as_bytes())),
                )
            })
            .collect();
        let too_large = Outcome::TooLarge {
            status,
            limit: self.max_body,
        };
        if response.content_length().is_some_and(|n| n > self.max_body) {
            return Ok(Err(too_large));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.failure(&e))? {
            if (body.len() + chunk.len()) as u64 > self.max_body {
                return Ok(Err(too_large));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Ok(Answer {
            status,
            headers,
            body: secrets.scrub_bytes(body),
        }))
    }

    /// Why a request failed, without its URL's query or any header.
    fn failure(&self, error: &reqwest::Error) -> Failure {
        let retryable = error.is_connect() || error.is_timeout() || error.is_request();
        let reason = if error.is_timeout() {
            format!("no answer within {} s", self.timeout.as_secs())
        } else {
            let mut cause: &dyn std::error::Error = error;
            while let Some(next) = cause.source() {
                cause = next;
            }
            let kind = if error.is_connect() {
                "cannot connect"
            } else {
                "the exchange failed"
            };
            format!("{kind}: {cause}")
        };
        Failure { reason, retryable }
    }

    fn spend(&self, host: &str) -> bool {
        let Some(budget) = self.budget else {
            return true;
        };
        let mut spent = self.spent.lock().unwrap_or_else(|p| p.into_inner());
        let count = spent.entry(host.to_owned()).or_default();
        if *count >= budget {
            return false;
        }
        *count += 1;
        true
    }

    fn pause(&self, host: &str, wait: Duration) {
        let until = Instant::now() + wait;
        let mut paused = self.paused.lock().unwrap_or_else(|p| p.into_inner());
        let entry = paused.entry(host.to_owned()).or_insert(until);
        *entry = (*entry).max(until);
    }

    async fn wait_for(&self, host: &str) {
        let until = self
            .paused
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(host)
            .copied();
        if let Some(until) = until {
            tokio::time::sleep_until(until).await;
        }
    }
}

/// Installs rustls' ring provider, which reqwest (built without a
/// provider of its own) needs before any client is built. Installing
/// twice is harmless.
pub fn install_tls() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

struct Failure {
    reason: String,
    retryable: bool,
}

/// `host:port` of a URL (what the budget and pauses are kept per).
pub fn host_of(url: &url::Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or_default(),
        url.port_or_known_default().unwrap_or_default()
    )
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The wait before retry `attempt` (1-based): 0.5 s, 1 s, 2 s, … up to 8 s.
pub fn backoff(attempt: u32) -> Duration {
    FIRST_BACKOFF
        .saturating_mul(1 << attempt.saturating_sub(1).min(16))
        .min(MAX_BACKOFF)
}

/// A `Retry-After` value as a wait from `now`: delay-seconds or an HTTP
/// date (RFC 9110 §10.2.3); a date in the past is no wait.
pub fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_784_000_000);
        assert_eq!(retry_after("1", now), Some(Duration::from_secs(1)));
        assert_eq!(retry_after(" 120 ", now), Some(Duration::from_secs(120)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(retry_after(&later, now), Some(Duration::from_secs(30)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(retry_after("soon", now), None);
        assert_eq!(retry_after("-1", now), None);
    }

    /// A loopback server that answers every connection with `head` and
    /// then 64 KiB chunks for as long as the client reads.
    fn endless(head: &'static str) -> std::net::SocketAddr {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                std::thread::spawn(move || {
                    let mut request = [0u8; 4096];
                    let _ = stream.read(&mut request);
                    let _ = stream.write_all(head.as_bytes());
                    let chunk = format!("10000\r\n{}\r\n", "x".repeat(0x10000));
                    while stream.write_all(chunk.as_bytes()).is_ok() {}
                });
            }
        });
        address
    }

    fn environment(max_mb: u64) -> Environment {
        Environment {
            name: "test".into(),
            base_urls: Default::default(),
            credentials: Default::default(),
            allowed_methods: vec!["GET".into()],
            timeout_seconds: 20,
            concurrency: 1,
            retries: 0,
            request_budget: None,
            max_response_bytes: max_mb << 20,
            auth: Default::default(),
            volatile_fields: Vec::new(),
            requests: Vec::new(),
        }
    }

    #[test]
    fn a_body_over_the_cap_is_not_read_further() {
        let address = endless("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        let live = Live::new(&environment(2)).unwrap();
        let request = Prepared {
            method: reqwest::Method::GET,
            url: url::Url::parse(&format!("http://{address}/export")).unwrap(),
            headers: Vec::new(),
            body: Vec::new(),
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let sent = runtime.block_on(live.send(&request));
        assert_eq!(
            sent.outcome,
            Outcome::TooLarge {
                status: 200,
                limit: 2 << 20
            }
        );
        assert_eq!(sent.attempts, 1);
    }

    #[test]
    fn backoff_doubles_up_to_a_ceiling() {
        let waits: Vec<u64> = (1..=7).map(|a| backoff(a).as_millis() as u64).collect();
        assert_eq!(waits, [500, 1000, 2000, 4000, 8000, 8000, 8000]);
    }
}
