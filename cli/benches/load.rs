//! Load-time benchmark: accord's loader (values + source map, then the
//! whole contract with `$ref`s resolved) against a bare parse of the same
//! files measured in the same run: `serde_json` for JSON, the YAML parser's
//! events alone for YAML.
//!
//! `cargo bench --bench load` (needs ../shared/corpus/real-specs, or
//! ACCORD_CORPUS pointing at a copy; skipped with a message otherwise).

#![allow(clippy::print_stdout)]

#[path = "../tests/common/corpus.rs"]
mod corpus;

use std::path::Path;
use std::time::{Duration, Instant};

use accord::load::{Contract, Document};

const FILES: &[&str] = &[
    "stripe/api-spec3-json/v124.json",
    "stripe/api-spec3-yaml/v465.yaml",
    "square/connect/2025-02-20.json",
    "xero/accounting/16.1.0.yaml",
];

/// The median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn bare_parse(path: &Path, bytes: &[u8]) {
    if path.extension().is_some_and(|e| e == "json") {
        let value: serde_json::Value = serde_json::from_slice(bytes).expect("valid JSON");
        std::hint::black_box(value);
    } else {
        let text = std::str::from_utf8(bytes).expect("utf-8");
        let mut parser = saphyr_parser::Parser::new_from_str(text);
        let mut events = 0usize;
        while let Some(event) = parser.next_event() {
            event.expect("valid YAML");
            events += 1;
        }
        std::hint::black_box(events);
    }
}

fn main() {
    let Some(corpus) = corpus::corpus_dir() else {
        println!("skipped: no corpus at ../shared/corpus/real-specs (set ACCORD_CORPUS)");
        return;
    };
    let runs = std::env::var("ACCORD_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(11);
    println!("median of {runs} runs; ratio = accord / bare parse of the same bytes");
    println!(
        "{:<36} {:>8} {:>10} {:>12} {:>7} {:>12} {:>7}",
        "file", "MB", "bare", "document", "ratio", "contract", "ratio"
    );
    for name in FILES {
        let path = corpus.join(name);
        let bytes = std::fs::read(&path).expect("readable corpus file");
        let bare = median(runs, || bare_parse(&path, &bytes));
        let document = median(runs, || {
            let doc = Document::parse(path.clone(), bytes.clone()).expect("loads");
            std::hint::black_box(doc.source_map.len());
        });
        let contract = median(runs, || {
            let contract = Contract::load(&path).expect("loads");
            std::hint::black_box(contract.refs().count());
        });
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1e3);
        let ratio = |d: Duration| format!("{:.2}×", d.as_secs_f64() / bare.as_secs_f64());
        println!(
            "{:<36} {:>8.2} {:>10} {:>12} {:>7} {:>12} {:>7}",
            name,
            bytes.len() as f64 / 1e6,
            ms(bare),
            ms(document),
            ratio(document),
            ms(contract),
            ratio(contract)
        );
    }
}
