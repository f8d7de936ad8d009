//! The superlinear corners found by adversarial testing, each timed against
//! a bare `serde_json` parse of the same input, in the same run: a time
//! that stays a small multiple of the parse is near-linear. The cases:
//! a `oneOf` of 2,000 branches, a 100,000-value `enum` with one removed,
//! 1,000 required properties that change type, `$ref` chains of 5,000
//! links, and the lint report (text, HTML) of 50,000 operations in one
//! minified line. The diff corners are also timed at twice their size:
//! near-linear is about twice the time.
//!
//! `cargo bench --bench corners`

#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use accord::diff::{DiffOptions, Mode};
use accord::load::{Contract, Document, NoFiles};
use serde_json::{Value, json};

fn contract(name: &str, text: &str) -> Contract {
    let doc = Document::parse(PathBuf::from(name), text.as_bytes().to_vec()).expect("parses");
    Contract::from_root(doc, &mut NoFiles).expect("loads")
}

/// The fastest of `runs` timings.
fn fastest(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn schema(body: Value) -> String {
    let mut body = body;
    body["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    body.to_string()
}

fn row(name: &str, texts: &[&str], run: impl FnMut()) {
    let parse = fastest(5, || {
        for t in texts {
            let v: Value = serde_json::from_str(t).expect("json");
            std::hint::black_box(v);
        }
    });
    let took = fastest(3, run);
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    println!(
        "{name:<44} {:>8.1} KB {:>9.1} ms  parse {:>7.2} ms  {:>7.1}x",
        bytes as f64 / 1024.0,
        took.as_secs_f64() * 1000.0,
        parse.as_secs_f64() * 1000.0,
        took.as_secs_f64() / parse.as_secs_f64().max(1e-9)
    );
}

fn diff_row(name: &str, a: &str, b: &str) {
    let (ca, cb) = (contract("a.json", a), contract("b.json", b));
    row(name, &[a, b], || {
        let findings = accord::compare::contracts(&ca, &cb, Mode::Full, &DiffOptions::default())
            .expect("same kind");
        std::hint::black_box(findings);
    });
}

/// A diff at size `n` and at `2n`: near-linear when the time about doubles.
fn growth_row(name: &str, n: usize, pair: impl Fn(usize) -> (String, String)) {
    let diff_time = |n: usize| {
        let (a, b) = pair(n);
        let (ca, cb) = (contract("a.json", &a), contract("b.json", &b));
        fastest(3, || {
            let findings =
                accord::compare::contracts(&ca, &cb, Mode::Full, &DiffOptions::default())
                    .expect("same kind");
            std::hint::black_box(findings);
        })
    };
    let (small, large) = (diff_time(n), diff_time(2 * n));
    println!(
        "{name:<44} n = {n} → {}: {:.1} ms → {:.1} ms, {:.2}x the time for 2x the input",
        2 * n,
        small.as_secs_f64() * 1000.0,
        large.as_secs_f64() * 1000.0,
        large.as_secs_f64() / small.as_secs_f64().max(1e-9)
    );
}

fn main() {
    println!(
        "{:<44} {:>11} {:>12}  {:>14}  {:>8}",
        "case", "input", "accord", "bare parse", "ratio"
    );
    let one_of = |n: usize| -> String {
        schema(
            json!({"oneOf": (0..n).map(|i| json!({"type": "object", "required": [format!("p{i}")]})).collect::<Vec<_>>()}),
        )
    };
    diff_row(
        "oneOf of 2,000 branches, 10 added",
        &one_of(2_000),
        &one_of(2_010),
    );
    let enumeration = |n: usize, drop: usize| {
        schema(
            json!({"type": "string", "enum": (0..n).filter(|i| *i != drop).map(|i| format!("v{i}")).collect::<Vec<_>>()}),
        )
    };
    diff_row(
        "enum of 100,000 values, one removed",
        &enumeration(100_000, usize::MAX),
        &enumeration(100_000, 5_000),
    );
    let required_n = |t: &str, n: usize| -> String {
        let props: serde_json::Map<String, Value> = (0..n)
            .map(|i| (format!("p{i}"), json!({"type": t})))
            .collect();
        schema(
            json!({"type": "object", "required": props.keys().collect::<Vec<_>>(), "properties": props}),
        )
    };
    let required = |t: &str| required_n(t, 1_000);
    diff_row(
        "1,000 required properties change type",
        &required("string"),
        &required("integer"),
    );
    let chain = |leaf: &str| {
        let mut schemas = serde_json::Map::new();
        for i in 0..5_000 {
            schemas.insert(
                format!("S{i}"),
                json!({"$ref": format!("#/components/schemas/S{}", i + 1)}),
            );
        }
        schemas.insert(
            "S5000".into(),
            json!({"type": "object", "properties": {"v": {"type": leaf}}}),
        );
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"get": {"responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}}}}}},
            "components": {"schemas": schemas}}).to_string()
    };
    diff_row(
        "$ref chain of 5,000 links, type changed",
        &chain("string"),
        &chain("integer"),
    );

    // Growth: each corner at twice its size.
    growth_row("oneOf branches, 10 added", 2_000, |n| {
        (one_of(n), one_of(n + 10))
    });
    growth_row("required properties change type", 1_000, |n| {
        (required_n("string", n), required_n("integer", n))
    });
    growth_row("enum values, one removed", 100_000, |n| {
        (enumeration(n, usize::MAX), enumeration(n, 5_000))
    });

    // The lint report of 50,000 operations in one minified line.
    let paths: serde_json::Map<String, Value> = (0..50_000)
        .map(|i| (format!("/r{i}"), json!({"get": {"operationId": format!("op{i}"), "responses": {"200": {"description": "ok"}}}})))
        .collect();
    let api = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths})
        .to_string();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("api.json");
    std::fs::write(&file, &api).expect("written");
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_accord"));
    for format in ["text", "json", "html"] {
        row(
            &format!("lint of 50,000 operations, {format} report"),
            &[&api],
            || {
                let out = std::process::Command::new(&binary)
                    .args(["lint", "api.json", "--format", format])
                    .current_dir(dir.path())
                    .output()
                    .expect("accord runs");
                std::hint::black_box(out.stdout.len());
            },
        );
    }
}
