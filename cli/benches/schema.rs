//! JSON Schema comparison time against depth: nested schemas of 250 to
//! 2,000 levels, identical and with one difference at the bottom, each
//! compared in full mode (both directions). Linear time shows as a constant
//! time per level; the last column is that time relative to the shallowest.
//! Also the real JSON Schema pairs (OCDS, BODS) when ../shared is present.
//!
//! `cargo bench --bench schema`

#![allow(clippy::print_stdout)]

#[path = "../tests/common/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use accord::diff::{self, Mode};
use accord::load::{Contract, Document, NoFiles};

fn nested(depth: usize, leaf: &str) -> String {
    let mut schema = format!("{{\"type\": \"{leaf}\"}}");
    for _ in 0..depth {
        schema = format!(
            "{{\"type\": \"object\", \"properties\": {{\"a\": {schema}, \"b\": {{\"type\": \"string\", \"maxLength\": 5}}}}, \"required\": [\"a\"]}}"
        );
    }
    format!(
        "{{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"allOf\": [{schema}]}}"
    )
}

fn contract(name: &str, text: String) -> Contract {
    let doc = Document::parse(PathBuf::from(name), text.into_bytes()).expect("parses");
    Contract::from_root(doc, &mut NoFiles).expect("loads")
}

/// The fastest of `runs` timings (the least disturbed by the rest of the machine).
fn fastest(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[0]
}

fn main() {
    // As the `accord` binary does: deep schemas recurse deeply.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(run)
        .expect("a thread")
        .join()
        .expect("the benchmark ran");
}

fn run() {
    let runs = 7;
    println!("fastest of {runs} runs, full mode; per level = time / depth");
    println!(
        "{:<10} {:>6} {:>12} {:>14} {:>10}",
        "case", "depth", "time", "per level", "relative"
    );
    for (label, leaf) in [("identical", "string"), ("differs", "integer")] {
        let mut first: Option<f64> = None;
        for depth in [250, 500, 1000, 2000] {
            let base = contract("base.json", nested(depth, "string"));
            let revision = contract("revision.json", nested(depth, leaf));
            let time = fastest(runs, || {
                let changes = diff::jsonschema(&base, &revision, Mode::Full);
                std::hint::black_box(changes.len());
            });
            let per_level = time.as_secs_f64() / depth as f64;
            let relative = per_level / *first.get_or_insert(per_level);
            println!(
                "{label:<10} {depth:>6} {:>9.1} ms {:>11.2} µs {relative:>9.2}×",
                time.as_secs_f64() * 1e3,
                per_level * 1e6
            );
        }
    }
    let Some(real) = corpus::corpus_dir().map(|d| d.join("../real-schemas")) else {
        println!("real schemas: skipped (no ../shared/corpus)");
        return;
    };
    for (a, b) in [
        (
            "open-contracting/ocds-release-schema/1.1.5.json",
            "open-contracting/ocds-release-schema/1.2-dev.json",
        ),
        (
            "openownership/bods/0.3.0/bods-package.json",
            "openownership/bods/0.4.0/statement.json",
        ),
    ] {
        let (base, revision) = (
            Contract::load(&real.join(a)).expect("loads"),
            Contract::load(&real.join(b)).expect("loads"),
        );
        let time = fastest(runs, || {
            std::hint::black_box(diff::jsonschema(&base, &revision, Mode::Full).len());
        });
        println!("{a} → {b}: {:.1} ms", time.as_secs_f64() * 1e3);
    }
}
