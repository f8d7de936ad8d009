//! Cases of the families judged over a whole project: fixture (replay),
//! drift and record, tenant (the gate), registry (register), consumer
//! (verify-consumers). A case is a
//! folder `cases/<rule>/` with a `case.yaml`:
//!
//! ```yaml
//! # Starts from the bundled registry (contracts/, fixtures/, consumers/,
//! # accord.yaml)
//! # with the case's `files/` over it, in a scratch git repository, its
//! # files committed.
//! steps:
//!   - keep: [fixtures/crm/acme/get-account-hq.yaml]  # the only fixtures left
//!   - edit: {file: F, from: TEXT, to: TEXT}          # must match once
//!   - write: {file: F, text: TEXT}
//!   - accord: [register, …]                          # must exit 0
//!   - commit: message
//! sandbox:                  # drift and record: a loopback server answering
//!   system: crm             # every request to this system's base URL with
//!   serve: F                # the response recorded in F, edited first
//!   edits: [{from: TEXT, to: TEXT}]
//!   closed: false           # true: nothing listens at the base URL
//!   big: 2000000            # a body of this many bytes instead
//! judge: [replay]           # the judged run (`--format` and `--level info`
//!                           # added); exit 0 or 1
//! also: [rule-id]           # other rules the case lets fire (pinned too)
//! ```
//!
//! The judged run must report every id of the case's rule and nothing but
//! them (and `also`); its text report and each finding's JSON pointer are
//! the snapshot.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;
use serde_json::Value;

use crate::repo::{commit_all, copy_dir};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    #[serde(default)]
    steps: Vec<Step>,
    #[serde(default)]
    sandbox: Option<Sandbox>,
    judge: Vec<String>,
    #[serde(default)]
    also: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
enum Step {
    Keep(Vec<String>),
    Edit(Edit),
    Write { file: String, text: String },
    Accord(Vec<String>),
    Commit(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    #[serde(default)]
    file: String,
    from: String,
    to: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sandbox {
    system: String,
    #[serde(default)]
    serve: Option<String>,
    #[serde(default)]
    edits: Vec<Edit>,
    #[serde(default)]
    closed: bool,
    /// Answers with a JSON string body of this many bytes instead.
    #[serde(default)]
    big: Option<usize>,
}

impl Case {
    pub fn read(dir: &Path) -> Result<Self, String> {
        let file = dir.join("case.yaml");
        let document = accord::load::Document::read(&file).map_err(|e| e.to_string())?;
        serde_json::from_value(document.root.clone())
            .map_err(|e| format!("{}: {e}", file.display()))
    }

    /// Runs the case; returns the rules of its findings and what the
    /// snapshot holds.
    pub fn run(&self, dir: &Path) -> Result<(Vec<String>, String), String> {
        let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
        let root = scratch.path();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        copy_dir(&repo.join("contracts"), &root.join("contracts"));
        copy_dir(&repo.join("fixtures"), &root.join("fixtures"));
        copy_dir(&repo.join("consumers"), &root.join("consumers"));
        std::fs::copy(repo.join("accord.yaml"), root.join("accord.yaml"))
            .map_err(|e| e.to_string())?;
        // The case's own files (`files/`), over the registry's.
        if dir.join("files").is_dir() {
            copy_dir(&dir.join("files"), root);
        }
        let git = git2::Repository::init(root).map_err(|e| e.to_string())?;
        commit_all(&git, "the bundled registry");
        for step in &self.steps {
            match step {
                Step::Keep(files) => keep(root, files)?,
                Step::Edit(edit) => {
                    let path = root.join(&edit.file);
                    let text = std::fs::read_to_string(&path)
                        .map_err(|e| format!("{}: {e}", edit.file))?;
                    std::fs::write(&path, edit.apply(&text)?).map_err(|e| e.to_string())?;
                }
                Step::Write { file, text } => {
                    let path = root.join(file);
                    if let Some(parent) = path.parent() {
                        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
                    }
                    std::fs::write(path, text).map_err(|e| e.to_string())?;
                }
                Step::Accord(args) => {
                    let run = accord(root, args)?;
                    if run.0 != Some(0) {
                        return Err(format!("`accord {}` failed:\n{}", args.join(" "), run.2));
                    }
                }
                Step::Commit(message) => {
                    commit_all(&git, message);
                }
            }
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        let mut args = self.judge.clone();
        let mut url = None;
        let server = match &self.sandbox {
            Some(sandbox) => {
                let (server, at) = runtime.block_on(sandbox.start(root))?;
                args.extend(["--base-url".to_owned(), format!("{}={at}", sandbox.system)]);
                url = Some(at);
                server
            }
            None => None,
        };
        let mut outputs = Vec::new();
        for format in ["text", "json"] {
            let mut args = args.clone();
            args.extend(["--format", format, "--level", "info"].map(str::to_owned));
            let (code, stdout, stderr) = accord(root, &args)?;
            if !matches!(code, Some(0 | 1)) {
                return Err(format!(
                    "`accord {}` exited {code:?}:\n{stdout}{stderr}",
                    args.join(" ")
                ));
            }
            // The sandbox's port changes from run to run.
            let stdout = match &url {
                Some(url) => {
                    let host = url.trim_start_matches("http://");
                    stdout
                        .replace(url.as_str(), "http://sandbox")
                        .replace(host, "sandbox")
                }
                None => stdout,
            };
            outputs.push(stdout);
        }
        // Dropped outside the runtime (a wiremock server's Drop blocks).
        drop(server);
        drop(runtime);
        let (text, json) = (&outputs[0], &outputs[1]);
        let json: Value = serde_json::from_str(json).map_err(|e| format!("JSON: {e}\n{json}"))?;
        let findings = json["findings"].as_array().cloned().unwrap_or_default();
        let rules = findings
            .iter()
            .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
            .collect();
        let mut snapshot = text.clone();
        if !findings.is_empty() {
            snapshot.push_str("pointers:\n");
            for finding in &findings {
                let pointer = match finding["location"]["pointer"].as_str() {
                    Some("") => "(the root)",
                    Some(pointer) => pointer,
                    None => "(none)",
                };
                snapshot.push_str(&format!(
                    "  {} {pointer}\n",
                    finding["rule"].as_str().unwrap_or("?")
                ));
            }
        }
        Ok((rules, snapshot))
    }

    /// The rules the case lets fire besides its own.
    pub fn also(&self) -> &[String] {
        &self.also
    }
}

impl Edit {
    fn apply(&self, text: &str) -> Result<String, String> {
        match text.matches(self.from.as_str()).count() {
            1 => Ok(text.replacen(&self.from, &self.to, 1)),
            n => Err(format!(
                "{}: `{}` is there {n} times, not once",
                self.file, self.from
            )),
        }
    }
}

impl Sandbox {
    /// The server and its base URL.
    async fn start(&self, root: &Path) -> Result<(Option<wiremock::MockServer>, String), String> {
        if self.closed {
            // A port nothing listens on: bound, then let go.
            let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
            let port = listener.local_addr().map_err(|e| e.to_string())?.port();
            drop(listener);
            return Ok((None, format!("http://127.0.0.1:{port}")));
        }
        let file = self
            .serve
            .as_deref()
            .ok_or("a sandbox serves a fixture: `serve`")?;
        let mut text =
            std::fs::read_to_string(root.join(file)).map_err(|e| format!("{file}: {e}"))?;
        for edit in &self.edits {
            text = edit.apply(&text)?;
        }
        let document = accord::load::Document::parse(PathBuf::from(file), text.into_bytes())
            .map_err(|e| e.to_string())?;
        let fixture =
            accord::fixtures::Fixture::from_document(&document).map_err(|e| e.to_string())?;
        let mut answer = wiremock::ResponseTemplate::new(fixture.response.status);
        for (name, value) in &fixture.response.headers {
            answer = answer.insert_header(name.as_str(), value.as_str());
        }
        if let Some(bytes) = self.big {
            let body = format!("\"{}\"", "a".repeat(bytes.saturating_sub(2)));
            answer = answer.set_body_raw(body, "application/json");
        } else if !fixture.response.body.is_null() {
            answer = answer.set_body_raw(
                serde_json::to_vec(&fixture.response.body).map_err(|e| e.to_string())?,
                fixture
                    .response
                    .headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
                    .map_or("application/json", |(_, v)| v.as_str()),
            );
        }
        let server = wiremock::MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(answer)
            .mount(&server)
            .await;
        let uri = server.uri();
        Ok((Some(server), uri))
    }
}

/// Runs the binary in `dir`: exit code, stdout, stderr.
fn accord(dir: &Path, args: &[String]) -> Result<(Option<i32>, String, String), String> {
    let out = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("CI")
        .output()
        .map_err(|e| e.to_string())?;
    Ok((
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// Leaves only `files` of the fixtures (every other fixture removed).
fn keep(root: &Path, files: &[String]) -> Result<(), String> {
    for file in accord::load::files_below(&root.join("fixtures"), &|_| false) {
        let relative = file
            .strip_prefix(root)
            .map_err(|e| e.to_string())?
            .to_string_lossy()
            .replace('\\', "/");
        if !files.contains(&relative) {
            std::fs::remove_file(&file).map_err(|e| e.to_string())?;
        }
    }
    for file in files {
        if !root.join(file).is_file() {
            return Err(format!("keep: no {file}"));
        }
    }
    Ok(())
}
