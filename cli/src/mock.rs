//! `accord mock`: a long-running HTTP server for one system, answering from
//! its recordings and its contract's examples (the same [`MockTable`] that
//! replay uses). A small server on hyper rather than wiremock: wiremock
//! keeps every request in a journal and serves on one lock, which suits a
//! test's lifetime, not a server other teams run all day.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::exchange::{SOURCE_HEADER, source_text};
use crate::fixtures::mock::MockTable;

/// What one client may take of the server.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The largest request body read; a larger one is answered `413`.
    pub max_body: usize,
    /// How long a client may take to send its request line and headers,
    /// and then its body; a connection slower than that is closed (`408`
    /// for a body).
    pub read_timeout: Duration,
}

/// The default request body limit: 10 MiB.
pub const DEFAULT_MAX_BODY_MB: usize = 10;

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body: DEFAULT_MAX_BODY_MB * 1024 * 1024,
            read_timeout: Duration::from_secs(10),
        }
    }
}

/// Serves `table` on `listener` until `shutdown` completes; `log` hears
/// one line per request.
pub async fn serve<L, S>(
    listener: TcpListener,
    table: Arc<MockTable>,
    limits: Limits,
    log: L,
    shutdown: S,
) -> std::io::Result<()>
where
    L: Fn(String) + Send + Sync + 'static,
    S: Future<Output = ()>,
{
    let log = Arc::new(log);
    tokio::pin!(shutdown);
    // After a failed accept (no file descriptors left, most often), wait
    // before the next: doubling from 5 ms to 1 s, back to none on success.
    let mut pause = Duration::ZERO;
    loop {
        if !pause.is_zero() {
            tokio::select! {
                () = tokio::time::sleep(pause) => {}
                () = &mut shutdown => return Ok(()),
            }
        }
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(connection) => {
                    pause = Duration::ZERO;
                    connection
                }
                Err(_) => {
                    pause = (pause * 2).clamp(Duration::from_millis(5), Duration::from_secs(1));
                    continue;
                }
            },
            () = &mut shutdown => return Ok(()),
        };
        let table = Arc::clone(&table);
        let log = Arc::clone(&log);
        tokio::spawn(async move {
            let service = service_fn(move |request: Request<Incoming>| {
                let table = Arc::clone(&table);
                let log = Arc::clone(&log);
                async move { Ok::<_, Infallible>(answer(&table, request, limits, &*log).await) }
            });
            // A client that hangs up is its business, not the server's.
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(limits.read_timeout)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// A plain-text answer accord gives itself (not from a recording).
fn refusal(status: hyper::StatusCode, text: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(text)));
    *response.status_mut() = status;
    response
}

async fn answer(
    table: &MockTable,
    request: Request<Incoming>,
    limits: Limits,
    log: &(dyn Fn(String) + Send + Sync),
) -> Response<Full<Bytes>> {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                v.to_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let too_large = || {
        log(format!(
            "{method} {path} → 413 (the body is over {} bytes)",
            limits.max_body
        ));
        refusal(
            hyper::StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "accord mock: request bodies are read up to {} bytes (--max-body-mb)\n",
                limits.max_body
            ),
        )
    };
    let declared = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.max_body as u64) {
        return too_large();
    }
    let limited = http_body_util::Limited::new(request.into_body(), limits.max_body);
    let body = match tokio::time::timeout(limits.read_timeout, limited.collect()).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => return too_large(),
        Ok(Err(_)) => Bytes::new(),
        Err(_) => {
            return refusal(
                hyper::StatusCode::REQUEST_TIMEOUT,
                "accord mock: the request body did not arrive in time\n".to_owned(),
            );
        }
    };
    let answer = table.answer(&method, &path, &query, &headers, &body);
    let source = source_text(&answer.source);
    log(format!(
        "{method} {path}{}{query} → {} ({source})",
        if query.is_empty() { "" } else { "?" },
        answer.status
    ));
    let mut response = Response::builder().status(answer.status);
    for (name, value) in &answer.headers {
        // A recorded header HTTP cannot carry is left out, not fatal.
        if let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_str(value),
        ) {
            response = response.header(name, value);
        }
    }
    response
        .header(SOURCE_HEADER, source)
        .body(Full::new(Bytes::from(answer.body)))
        .unwrap_or_else(|_| {
            let mut failed = Response::new(Full::new(Bytes::from_static(
                b"accord mock: an answer it could not build",
            )));
            *failed.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
            failed
        })
}
