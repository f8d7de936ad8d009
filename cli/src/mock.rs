//! `accord mock`: a long-running HTTP server for one system, answering from
//! its recordings and its contract's examples (the same [`MockTable`] that
//! replay uses). A small server on hyper rather than wiremock: wiremock
//! keeps every request in a journal and serves on one lock, which suits a
//! test's lifetime, not a server other teams run all day.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::fixtures::mock::MockTable;
use crate::replay::{SOURCE_HEADER, source_text};

/// Serves `table` on `listener` until `shutdown` completes; `log` hears
/// one line per request.
pub async fn serve<L, S>(
    listener: TcpListener,
    table: Arc<MockTable>,
    log: L,
    shutdown: S,
) -> std::io::Result<()>
where
    L: Fn(String) + Send + Sync + 'static,
    S: Future<Output = ()>,
{
    let log = Arc::new(log);
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(connection) => connection,
                // A connection that failed before it was accepted.
                Err(_) => continue,
            },
            () = &mut shutdown => return Ok(()),
        };
        let table = Arc::clone(&table);
        let log = Arc::clone(&log);
        tokio::spawn(async move {
            let service = service_fn(move |request: Request<Incoming>| {
                let table = Arc::clone(&table);
                let log = Arc::clone(&log);
                async move { Ok::<_, Infallible>(answer(&table, request, &*log).await) }
            });
            // A client that hangs up is its business, not the server's.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn answer(
    table: &MockTable,
    request: Request<Incoming>,
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
    let body = match request.into_body().collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => Bytes::new(),
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
