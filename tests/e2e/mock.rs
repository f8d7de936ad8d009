//! `accord mock`: the real binary serving the bundled CRM on loopback,
//! called with reqwest, stopped with Ctrl-C (SIGINT).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::support::repo_root;

#[test]
fn the_crm_mock_answers_recordings_examples_and_misses_then_stops_on_ctrl_c() {
    let mut child = spawn_mock(&[]);
    let stderr = child.stderr.take().expect("stderr");
    let (lines, received) = mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let first = received
        .recv_timeout(Duration::from_secs(20))
        .expect("it says where it listens");
    let base = first
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_owned();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    accord::live::install_tls();
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("client");
        // A recording, chosen by its tenant header.
        let response = client
            .get(format!("{base}/accounts/001A000001AcmeHQ01"))
            .header("X-Tenant-Id", "acme")
            .send()
            .await
            .expect("answers");
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(
            response
                .headers()
                .get("x-accord-source")
                .and_then(|v| v.to_str().ok()),
            Some("recording:crm-acme-get-account-hq")
        );
        let body: serde_json::Value = response.json_or_text().await;
        assert_eq!(body["Name"], "Acme Manufacturing GmbH");
        // A path no operation has: a 404 naming the nearest one and why.
        let response = client
            .get(format!("{base}/acounts/001A000001AcmeHQ01"))
            .send()
            .await
            .expect("answers");
        assert_eq!(response.status().as_u16(), 404);
        let body: serde_json::Value = response.json_or_text().await;
        assert_eq!(body["nearest"], "GET /accounts/{accountId}", "{body}");
        assert!(
            body["why"]
                .as_str()
                .unwrap_or_default()
                .contains("segment 1 is `acounts`"),
            "{body}"
        );
    });

    let status = ctrl_c(&mut child);
    assert_eq!(
        status.code(),
        Some(0),
        "stopped by Ctrl-C, it exits cleanly"
    );
    reader.join().expect("reader");
    let logged: Vec<String> = received.try_iter().collect();
    assert!(
        logged.iter().any(|l| l.contains(
            "GET /accounts/001A000001AcmeHQ01 → 200 (recording:crm-acme-get-account-hq)"
        )),
        "{logged:?}"
    );
    assert!(
        logged
            .iter()
            .any(|l| l.contains("GET /acounts/001A000001AcmeHQ01 → 404 (none)")),
        "{logged:?}"
    );
    assert_eq!(
        logged.last().map(String::as_str),
        Some("accord mock: stopped"),
        "{logged:?}"
    );
}

/// `accord mock` for the bundled CRM on a free port, with `extra`
/// arguments; its stderr piped (the first line says where it listens).
fn spawn_mock(extra: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["mock", "--system", "crm", "--port", "0"])
        .args(extra)
        .current_dir(repo_root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("accord mock starts")
}

/// Ctrl-C (SIGINT) to the server, and how it exited.
fn ctrl_c(child: &mut std::process::Child) -> std::process::ExitStatus {
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    child.wait().expect("it exits")
}

/// reqwest without its `json` feature: parse the body here.
trait JsonOrText {
    async fn json_or_text(self) -> serde_json::Value;
}

impl JsonOrText for reqwest::Response {
    async fn json_or_text(self) -> serde_json::Value {
        let bytes = self.bytes().await.expect("a body");
        serde_json::from_slice(&bytes).unwrap_or_else(|_| {
            serde_json::Value::String(String::from_utf8_lossy(&bytes).into_owned())
        })
    }
}

#[test]
fn bodies_are_capped_and_slow_clients_are_let_go() {
    use std::io::{Read, Write};
    let mut child = spawn_mock(&["--max-body-mb", "1", "--read-timeout", "1"]);
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let first = lines
        .next()
        .and_then(Result::ok)
        .expect("it says where it listens");
    let address = first
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_owned();
    let connect = || {
        let stream = std::net::TcpStream::connect(&address).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout set");
        stream
    };
    let answer = |mut stream: std::net::TcpStream| {
        let mut text = Vec::new();
        let _ = stream.read_to_end(&mut text);
        String::from_utf8_lossy(&text).into_owned()
    };
    let over = vec![b'a'; 2 * 1024 * 1024];
    // Declared too large: refused before it is read.
    let mut stream = connect();
    write!(
        stream,
        "POST /accounts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        over.len()
    )
    .expect("sent");
    let reply = answer(stream);
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
    // Chunked, with no length: refused when the cap is passed.
    let mut stream = connect();
    write!(
        stream,
        "POST /accounts HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    .expect("sent");
    for chunk in over.chunks(64 * 1024) {
        if write!(stream, "{:x}\r\n", chunk.len()).is_err()
            || stream.write_all(chunk).is_err()
            || stream.write_all(b"\r\n").is_err()
        {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let reply = answer(stream);
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
    // Headers that never end: the connection is closed, not kept.
    let mut stream = connect();
    stream
        .write_all(b"GET /accounts HTTP/1.1\r\nHost: x\r\n")
        .expect("sent");
    // (Read until the server closes; the 20 s read timeout is the
    // failure: a server that keeps the connection.)
    let mut buffer = [0u8; 256];
    let closed = loop {
        match stream.read(&mut buffer) {
            Ok(0) => break true,
            Ok(_) => continue,
            Err(e) => {
                break !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                );
            }
        }
    };
    assert!(closed, "the server let the slow client go");
    // A body within the cap is still read and answered.
    let mut stream = connect();
    let body = b"{\"Name\": \"Small Co\"}";
    write!(
        stream,
        "POST /accounts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .expect("sent");
    stream.write_all(body).expect("sent");
    let reply = answer(stream);
    assert!(
        reply.starts_with("HTTP/1.1 ") && !reply.starts_with("HTTP/1.1 413"),
        "{reply}"
    );
    assert_eq!(ctrl_c(&mut child).code(), Some(0));
}
