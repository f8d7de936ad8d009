//! OpenAPI diff benchmark: Stripe's spec3.json v124 → v125 (4 MB each),
//! loaded, diffed and judged, against a bare `serde_json` parse of both
//! files measured in the same run; then a synthetic spec four times larger
//! (Stripe's paths repeated under four prefixes, in both versions).
//! Reports the fastest time (bare and diff runs alternating, so that a
//! busy spell of a shared machine falls on both), the ratio to the bare
//! parse, and the peak memory (resident set) of one diff.
//!
//! `cargo bench --bench diff` (needs ../shared/corpus/real-specs, or
//! ACCORD_CORPUS pointing at a copy; skipped with a message otherwise).

#![allow(clippy::print_stdout)]

#[path = "../tests/common/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use accord::diff::{self, DiffOptions, Sides};
use accord::load::Contract;
use accord::rules::compat::openapi;

/// The fastest of `runs` timings of `a` and of `b`, their runs
/// alternating, so that a shared machine's load disturbs both alike
/// (measured one after the other, a busy spell could fall on one only).
fn fastest_alternating(
    runs: usize,
    mut a: impl FnMut(),
    mut b: impl FnMut(),
) -> (Duration, Duration) {
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        f();
        start.elapsed()
    };
    let (mut best_a, mut best_b) = (Duration::MAX, Duration::MAX);
    for _ in 0..runs {
        best_a = best_a.min(time(&mut a));
        best_b = best_b.min(time(&mut b));
    }
    (best_a, best_b)
}

/// Resets the peak resident set size (Linux), so that the next reading
/// covers only what runs after.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The peak resident set size since the last reset, in MB (Linux).
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// CPU time of the process so far (all threads; Linux, 10 ms ticks).
fn cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Loads (both files at once, on two threads), diffs and judges; returns
/// the number of findings.
fn diff(base: &Path, revision: &Path) -> usize {
    let (base, revision) = Contract::load_pair(base, revision);
    let (base, revision) = (base.expect("base loads"), revision.expect("revision loads"));
    let changes = diff::openapi(&base, &revision, &DiffOptions::default());
    let findings = openapi::judge(
        &changes,
        Sides {
            base: &base,
            revision: &revision,
        },
    );
    findings.len()
}

/// `accord impact`'s work: the diff, plus what the fixtures use and who
/// each finding reaches.
fn impact(base: &Path, revision: &Path, fixtures: &Path) -> usize {
    let recorded = accord::fixtures::read_all(fixtures).expect("fixtures");
    let usage = accord::usage::Usage::from_fixtures(recorded.iter().map(|(f, d)| (f, d)));
    let (b, r) = Contract::load_pair(base, revision);
    let (b, r) = (b.expect("loads"), r.expect("loads"));
    let changes = diff::openapi(&b, &r, &DiffOptions::default());
    let mut findings = openapi::judge(
        &changes,
        Sides {
            base: &b,
            revision: &r,
        },
    );
    usage.annotate(&mut findings, &["stripe"]);
    findings
        .iter()
        .filter(|f| f.affects.as_ref().is_some_and(|a| !a.is_empty()))
        .count()
}

fn bare(paths: &[&Path]) {
    for path in paths {
        let bytes = std::fs::read(path).expect("readable");
        let value: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
        std::hint::black_box(value);
    }
}

/// Stripe's spec with its paths repeated under `/a`, `/b`, `/c`, `/d`,
/// written as the original is (indented, one member per line).
fn four_times(source: &Path, out: &Path) {
    let bytes = std::fs::read(source).expect("readable");
    let mut spec: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
    let paths = spec["paths"].as_object().cloned().unwrap_or_default();
    let mut repeated = serde_json::Map::new();
    for prefix in ["/a", "/b", "/c", "/d"] {
        for (path, item) in &paths {
            repeated.insert(format!("{prefix}{path}"), item.clone());
        }
    }
    spec["paths"] = serde_json::Value::Object(repeated);
    std::fs::write(out, serde_json::to_vec_pretty(&spec).expect("serializes")).expect("writable");
}

fn main() {
    let Some(corpus) = corpus::corpus_dir() else {
        println!("skipped: no corpus at ../shared/corpus/real-specs (set ACCORD_CORPUS)");
        return;
    };
    let runs = std::env::var("ACCORD_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let v124 = corpus.join("stripe/api-spec3-json/v124.json");
    let v125 = corpus.join("stripe/api-spec3-json/v125.json");
    let scratch = tempfile::tempdir().expect("temp dir");
    let (big124, big125): (PathBuf, PathBuf) = (
        scratch.path().join("v124x4.json"),
        scratch.path().join("v125x4.json"),
    );
    four_times(&v124, &big124);
    four_times(&v125, &big125);

    println!(
        "fastest of {runs} alternating runs of each; ratio = diff (load both, compare, judge; wall clock) / bare serde_json parse of both (one thread)"
    );
    println!(
        "{:<28} {:>7} {:>10} {:>10} {:>7} {:>9} {:>9}",
        "pair", "MB", "bare", "diff", "ratio", "findings", "peak MB"
    );
    let mut stripe = Duration::ZERO;
    for (name, base, revision) in [
        ("stripe v124 → v125", &v124, &v125),
        ("stripe ×4 v124 → v125", &big124, &big125),
    ] {
        let mb = (std::fs::metadata(base).map_or(0, |m| m.len())
            + std::fs::metadata(revision).map_or(0, |m| m.len())) as f64
            / 1e6;
        let mut findings = 0;
        // CPU time of the diffs alone: the bare parses are subtracted.
        let before = cpu();
        let bare_cpu = std::cell::Cell::new(Duration::ZERO);
        let (bare_time, diff_time) = fastest_alternating(
            runs,
            || {
                let start = cpu();
                bare(&[base, revision]);
                if let (Some(s), Some(e)) = (start, cpu()) {
                    bare_cpu.set(bare_cpu.get() + (e - s));
                }
            },
            || findings = diff(base, revision),
        );
        let cpu_time = before
            .zip(cpu())
            .map(|(b, a)| (a - b).saturating_sub(bare_cpu.get()) / runs as u32);
        reset_peak();
        diff(base, revision);
        let peak = peak_mb().map_or("n/a".to_owned(), |p| format!("{p:.0}"));
        let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1e3);
        println!(
            "{:<28} {:>7.1} {:>10} {:>10} {:>6.2}× {:>9} {:>9}",
            name,
            mb,
            ms(bare_time),
            ms(diff_time),
            diff_time.as_secs_f64() / bare_time.as_secs_f64(),
            findings,
            peak
        );
        // Where the time goes, one run.
        let t = Instant::now();
        let (b, r) = Contract::load_pair(base, revision);
        let (b, r) = (b.expect("loads"), r.expect("loads"));
        let load = t.elapsed();
        let t = Instant::now();
        let changes = diff::openapi(&b, &r, &DiffOptions::default());
        let compare = t.elapsed();
        let t = Instant::now();
        let judged = openapi::judge(
            &changes,
            Sides {
                base: &b,
                revision: &r,
            },
        )
        .len();
        let judge = t.elapsed();
        println!(
            "  cpu {} per diff ({}× the bare parse); load both {}, compare {} ({} changes), judge {} ({judged} findings)",
            cpu_time.map_or("n/a".to_owned(), ms),
            cpu_time.map_or("n/a".to_owned(), |c| format!(
                "{:.2}",
                c.as_secs_f64() / bare_time.as_secs_f64()
            )),
            ms(load),
            ms(compare),
            changes.len(),
            ms(judge)
        );
        if stripe == Duration::ZERO {
            stripe = diff_time;
            // What `impact` adds: a dozen operations' fixtures read, and
            // who each finding reaches.
            let fixtures =
                Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real-specs/stripe-fixtures");
            let mut reaching = 0;
            let (diff_alone, with_impact) = fastest_alternating(
                runs,
                || {
                    diff(base, revision);
                },
                || reaching = impact(base, revision, &fixtures),
            );
            println!(
                "  impact (13 fixtures of 12 operations): {} against diff {} ({:.2}×), {reaching} findings reach them",
                ms(with_impact),
                ms(diff_alone),
                with_impact.as_secs_f64() / diff_alone.as_secs_f64()
            );
        } else {
            println!(
                "four times the spec takes {:.2}× as long",
                diff_time.as_secs_f64() / stripe.as_secs_f64()
            );
        }
    }
}
