//! `accord check` on a generated registry: 500 subjects × 20 registered
//! versions each, in a temporary git repository. Measures the gate against
//! the registry (every subject's latest version; one subject changed) and
//! against a merge base, beside a bare `serde_json` parse of the same 500
//! contract files measured in the same run.
//!
//! `cargo bench --bench check` (needs nothing outside the repository).
//! ACCORD_BENCH_SUBJECTS and ACCORD_BENCH_VERSIONS change the size.

#![allow(clippy::print_stdout)]

use std::time::{Duration, Instant};

use accord::check::{self, Against};
use accord::config::{Config, SubjectKind};
use accord::diff::DiffOptions;
use accord::findings::Summary;
use accord::load::Contract;
use accord::registry::register::snapshot;
use accord::registry::store::{NewVersion, Store, SubjectRecord, Written};

#[path = "../tests/common/repo.rs"]
mod repo;
use repo::commit_all;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Version `k` of subject `i`: one more enum value each version (an
/// addition), and a few properties so that it reads like a real object.
fn schema(i: usize, k: usize) -> String {
    let statuses: Vec<String> = (0..=k).map(|s| format!("\"state-{s}\"")).collect();
    format!(
        r#"{{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Object {i}",
  "type": "object",
  "properties": {{
    "id": {{"type": "string", "minLength": 1}},
    "name": {{"type": "string", "maxLength": 255}},
    "amount": {{"type": "number", "minimum": 0}},
    "tags": {{"type": "array", "items": {{"type": "string"}}}},
    "status": {{"enum": [{}]}}
  }},
  "required": ["id", "name"]
}}
"#,
        statuses.join(", ")
    )
}

fn fastest(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let subjects = env("ACCORD_BENCH_SUBJECTS", 500);
    let versions = env("ACCORD_BENCH_VERSIONS", 20);
    let runs = env("ACCORD_BENCH_RUNS", 5);
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let repo = git2::Repository::init(root).expect("git init");
    std::fs::create_dir_all(root.join("contracts")).expect("mkdir");
    let mut config = String::from("subjects:\n");
    for i in 0..subjects {
        config.push_str(&format!(
            "  object-{i}: {{kind: schema, file: contracts/object-{i}.json, owner: team-{}}}\n",
            i % 7
        ));
    }
    std::fs::write(root.join("accord.yaml"), &config).expect("write");

    // The registry: every version of every subject, written as `register`
    // writes them (the checks are what the gate measures, not the setup).
    let started = Instant::now();
    let store = Store::open(root, "accord-registry").expect("store");
    let record = SubjectRecord {
        kind: SubjectKind::Schema,
        mode: "backward".to_owned(),
        owner: None,
    };
    for k in 0..versions {
        for i in 0..subjects {
            let file = root.join(format!("contracts/object-{i}.json"));
            std::fs::write(&file, schema(i, k)).expect("write");
            let contract = Contract::load(&file).expect("loads");
            let snapshot = snapshot(&contract, root).expect("snapshot");
            let version = semver::Version::new(1, k as u64, 0);
            let new = NewVersion {
                subject: &format!("object-{i}"),
                version: &version,
                record: &record,
                snapshot: &snapshot,
                reason: None,
                findings: Summary::default(),
            };
            assert!(matches!(
                store.write(&new).expect("writes"),
                Written::Landed { .. }
            ));
        }
    }
    commit_all(&repo, "contracts");
    println!(
        "generated: {subjects} subjects × {versions} versions ({} registrations) in {:.1} s",
        subjects * versions,
        started.elapsed().as_secs_f64()
    );

    let config = Config::read(&root.join("accord.yaml")).expect("config");
    let options = DiffOptions::default();
    let files: Vec<_> = (0..subjects)
        .map(|i| root.join(format!("contracts/object-{i}.json")))
        .collect();
    let bare = fastest(runs, || {
        for file in &files {
            let bytes = std::fs::read(file).expect("read");
            let value: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
            std::hint::black_box(value);
        }
    });
    let gate = |against: &Against<'_>| -> (Duration, usize, usize) {
        let mut errors = 0;
        let mut compared = 0;
        let time = fastest(runs, || {
            let run = check::run(Some(&config), root, against, &options).expect("check runs");
            errors = run
                .findings
                .iter()
                .filter(|f| f.level == accord::findings::Level::Error)
                .count();
            compared = run
                .checked
                .iter()
                .filter(|c| c.outcome == "compared")
                .count();
        });
        (time, compared, errors)
    };
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("fastest of {runs} runs; bare = serde_json parse of the {subjects} contract files");
    println!(
        "{:<44} {:>10} {:>9} {:>9} {:>7}",
        "accord check", "time", "compared", "errors", "× bare"
    );
    let line = |name: &str, (time, compared, errors): (Duration, usize, usize)| {
        println!(
            "{name:<44} {:>7.0} ms {compared:>9} {errors:>9} {:>6.1}×",
            ms(time),
            ms(time) / ms(bare)
        );
    };
    println!("{:<44} {:>7.1} ms", "bare parse", ms(bare));
    line(
        "against the registry, nothing changed",
        gate(&Against::Registry(&store)),
    );

    // One subject narrowed (a breaking change), another widened.
    std::fs::write(
        &files[0],
        schema(0, versions - 1).replace(
            "\"required\": [\"id\", \"name\"]",
            "\"required\": [\"id\", \"name\", \"amount\"]",
        ),
    )
    .expect("write");
    std::fs::write(&files[1], schema(1, versions)).expect("write");
    line(
        "against the registry, 2 subjects changed",
        gate(&Against::Registry(&store)),
    );

    // Against a merge base: every contract read from git and compared.
    repo.branch(
        "main",
        &repo
            .head()
            .and_then(|h| h.peel_to_commit())
            .expect("commit"),
        false,
    )
    .expect("branch");
    line(
        "--base main (every contract compared)",
        gate(&Against::MergeBase("main")),
    );
}
