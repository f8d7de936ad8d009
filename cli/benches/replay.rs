//! Replay of 10,000 generated fixtures (the bundled 25, varied) with full
//! validation against the bundled contracts, then over HTTP against the
//! wiremock mocks, in exchanges per second; beside the time to read and
//! parse the same fixture files (the bare parse), measured in the same run.
//!
//! `cargo bench --bench replay` (needs nothing outside the repository).
//! ACCORD_BENCH_FIXTURES changes the count.

#![allow(clippy::print_stdout)]

use std::path::Path;
use std::time::Instant;

use accord::config::Config;
use accord::exchange::{self, Systems};
use accord::fixtures::redact::Redaction;
use accord::replay;

fn main() {
    let count: usize = std::env::var("ACCORD_BENCH_FIXTURES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let config = Config::read(&root.join("accord.yaml")).expect("accord.yaml");
    let systems = Systems::load(&config).expect("contracts");
    let bundled = exchange::read_fixtures(&root.join("fixtures")).expect("fixtures");

    // Copies of the bundled fixtures, each request made distinct by a
    // query parameter the contracts do not declare (ignored by validation,
    // matched by the mock), written as files.
    let dir = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    for n in 0..count {
        let Some(source) = bundled.get(n % bundled.len()) else {
            break;
        };
        let mut fixture = source.fixture.clone();
        fixture.id = format!("{}-{n}", fixture.id);
        fixture
            .request
            .query
            .push(("trace".to_owned(), n.to_string()));
        let file = dir
            .path()
            .join(&fixture.system)
            .join(format!("{}.yaml", fixture.id));
        fixture.write(&file, &Redaction::default()).expect("writes");
    }
    println!(
        "generated {count} fixtures in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let recorded = exchange::read_fixtures(dir.path()).expect("reads");
    let read = started.elapsed();
    assert_eq!(recorded.len(), count);

    let started = Instant::now();
    let findings = replay::validate(&config, &systems, &recorded, None);
    let validate = started.elapsed();

    let started = Instant::now();
    let served = replay::against_mock(&config, &systems, &recorded).expect("mock");
    let http = started.elapsed();

    // What `accord replay` does: both halves at once.
    let started = Instant::now();
    let (findings_again, served_again) =
        replay::run(&config, &systems, &recorded).expect("replays");
    let both = started.elapsed();
    assert_eq!(
        findings_again.len() + served_again.findings.len(),
        findings.len() + served.findings.len()
    );
    let total = read + both;
    let per_second = |d: std::time::Duration| count as f64 / d.as_secs_f64();
    println!(
        "{count} fixtures: {} findings; the mock served {} as recorded",
        findings.len() + served.findings.len(),
        served.as_recorded
    );
    println!("{:<42} {:>9} {:>14}", "phase", "time", "exchanges/s");
    for (name, time) in [
        ("read and parse the files (the bare parse)", read),
        ("validate against the contracts", validate),
        ("replay over HTTP against the mocks", http),
        ("both at once, as `accord replay` runs them", both),
        ("replay in all (read, validate, HTTP)", total),
    ] {
        println!(
            "{name:<42} {:>6.0} ms {:>14.0}",
            time.as_secs_f64() * 1e3,
            per_second(time)
        );
    }
    println!(
        "replay in all takes {:.2}× the bare parse; aim: ≥ 5,000 exchanges/s",
        total.as_secs_f64() / read.as_secs_f64()
    );
}
