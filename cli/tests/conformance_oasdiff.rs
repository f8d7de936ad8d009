//! OpenAPI breaking changes against oasdiff's own checker tests
//! (../shared/conformance/oasdiff/cases.json: 573 spec pairs, 428 of its
//! rule ids). Prints recall of the expected findings (rule, level, and
//! operation where the test names one; findings below a case's `min_level`
//! are not looked at) and precision over the rules each test checks
//! (`checked_rules`) and those it asserts `absent`.
//!
//! Fails below the floor (recall ≥ 90% of error-level expectations and
//! ≥ 80% of all, precision ≥ 95%), and when the misses differ from those
//! listed, with reasons, in tests/conformance/oasdiff-misses.md. Skipped,
//! with the reason printed, without ../shared. A plain `main`.

#![allow(clippy::print_stdout)]

#[path = "common/corpus.rs"]
mod corpus;

use std::collections::BTreeSet;
use std::path::Path;

use accord::diff::{self, DiffOptions, Sides};
use accord::findings::{Finding, Level};
use accord::load::Contract;
use accord::rules::compat::openapi;
use serde_json::Value;

const RECALL_ERROR_FLOOR: f64 = 0.90;
const RECALL_FLOOR: f64 = 0.80;
const PRECISION_FLOOR: f64 = 0.95;

fn findings(dir: &Path, case: &Value) -> Result<Vec<Finding>, String> {
    let load = |key: &str| -> Result<Contract, String> {
        let file = case[key].as_str().ok_or("no file")?;
        Contract::load(&dir.join(file)).map_err(|e| e.to_string())
    };
    let (base, revision) = (load("base")?, load("revision")?);
    let days = |key: &str| case["options"][key].as_u64().map_or(0, |d| d as u32);
    let options = DiffOptions {
        deprecation_days_beta: days("deprecation_days_beta"),
        deprecation_days_stable: days("deprecation_days_stable"),
        ..DiffOptions::default()
    };
    let changes = diff::openapi(&base, &revision, &options);
    Ok(openapi::judge(
        &changes,
        Sides {
            base: &base,
            revision: &revision,
        },
    ))
}

fn level(v: &Value) -> Level {
    v.as_str().and_then(Level::parse).unwrap_or(Level::Info)
}

/// Case keys listed in the misses document (`| case | rule | …`).
fn documented(path: &Path) -> BTreeSet<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            Some((
                cells.get(1)?.trim_matches('`').to_owned(),
                cells.get(2)?.trim_matches('`').to_owned(),
            ))
        })
        .collect()
}

fn main() {
    let Some(dir) = corpus::conformance_dir().map(|d| d.join("oasdiff")) else {
        println!(
            "conformance: skipped, ../shared/conformance is absent (set ACCORD_CONFORMANCE to run it)"
        );
        return;
    };
    let cases: Value =
        serde_json::from_slice(&std::fs::read(dir.join("cases.json")).expect("cases.json"))
            .expect("JSON");
    let only = std::env::var("ACCORD_CASE").ok();
    let verbose = std::env::var_os("ACCORD_CONFORMANCE_VERBOSE").is_some() || only.is_some();
    let (mut expected_error, mut matched_error, mut expected_all, mut matched_all) = (0, 0, 0, 0);
    let (mut true_positive, mut false_positive) = (0, 0);
    let mut with_options = 0;
    let mut unloadable = Vec::new();
    let mut misses: BTreeSet<(String, String)> = BTreeSet::new();
    let mut lines = Vec::new();
    for case in cases["cases"].as_array().into_iter().flatten() {
        let id = case["id"].as_str().unwrap_or_default().to_owned();
        if only.as_ref().is_some_and(|o| *o != id) {
            continue;
        }
        // accord always reads path-level parameters into each operation
        // (oasdiff's `flatten_params`) and has the deprecation policy; it
        // has no switch for oasdiff's `match_inline_refs: false`.
        if case["options"].get("match_inline_refs").is_some() {
            with_options += 1;
            continue;
        }
        let found = match findings(&dir, case) {
            Ok(f) => f,
            Err(e) => {
                unloadable.push(format!("{id}: {e}"));
                Vec::new()
            }
        };
        let min = level(&case["min_level"]);
        let found: Vec<&Finding> = found.iter().filter(|f| f.level >= min).collect();
        let expected = case["expected"].as_array().cloned().unwrap_or_default();
        let matches = |f: &Finding, e: &Value| {
            e["rule"].as_str() == Some(f.rule.as_str())
                && level(&e["level"]) == f.level
                && e["operation"]
                    .as_str()
                    .is_none_or(|op| f.operation.as_deref() == Some(op))
        };
        for e in &expected {
            let rule = e["rule"].as_str().unwrap_or_default().to_owned();
            let hit = found.iter().any(|f| matches(f, e));
            expected_all += 1;
            matched_all += usize::from(hit);
            if e["level"] == "error" {
                expected_error += 1;
                matched_error += usize::from(hit);
            }
            if !hit {
                misses.insert((id.clone(), rule.clone()));
                let near: Vec<String> = found
                    .iter()
                    .map(|f| format!("{} {}", f.rule, f.level))
                    .collect();
                lines.push(format!(
                    "miss {id}: {rule} {} {} — found {near:?}",
                    e["level"], e["operation"]
                ));
            }
        }
        let checked: BTreeSet<&str> = case["checked_rules"]
            .as_array()
            .into_iter()
            .flatten()
            .chain(case["absent"].as_array().into_iter().flatten())
            .filter_map(Value::as_str)
            .collect();
        for f in &found {
            if !checked.contains(f.rule.as_str()) {
                continue;
            }
            if expected.iter().any(|e| matches(f, e)) {
                true_positive += 1;
            } else {
                false_positive += 1;
                misses.insert((id.clone(), format!("+{}", f.rule)));
                lines.push(format!(
                    "extra {id}: {} {} {:?}: {}",
                    f.rule, f.level, f.operation, f.message
                ));
            }
        }
    }
    let pct = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let (recall_error, recall_all) = (
        pct(matched_error, expected_error),
        pct(matched_all, expected_all),
    );
    let precision = pct(true_positive, true_positive + false_positive);
    println!(
        "conformance: oasdiff's checker tests ({} cases; {with_options} with `match_inline_refs: false` not run)",
        573 - with_options
    );
    println!(
        "  recall: {matched_error}/{expected_error} error-level ({:.1}%), {matched_all}/{expected_all} all ({:.1}%); precision {true_positive}/{} ({:.1}%)",
        100.0 * recall_error,
        100.0 * recall_all,
        true_positive + false_positive,
        100.0 * precision
    );
    for u in &unloadable {
        println!("  could not load: {u}");
    }
    if verbose {
        for l in &lines {
            println!("  {l}");
        }
    }
    if only.is_some() || std::env::var_os("ACCORD_CONFORMANCE_REPORT_ONLY").is_some() {
        return;
    }
    let mut failed = Vec::new();
    if recall_error < RECALL_ERROR_FLOOR || recall_all < RECALL_FLOOR || precision < PRECISION_FLOOR
    {
        failed.push(
            "below the floor (recall ≥ 90% error-level, ≥ 80% all; precision ≥ 95%)".to_owned(),
        );
    }
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/oasdiff-misses.md");
    let listed = documented(&doc);
    for (case, rule) in misses.difference(&listed) {
        failed.push(format!(
            "miss not listed in {}: {case} {rule}",
            doc.display()
        ));
    }
    for (case, rule) in listed.difference(&misses) {
        failed.push(format!(
            "listed miss now agrees (remove it from the list): {case} {rule}"
        ));
    }
    if !failed.is_empty() {
        for f in &failed {
            println!("conformance: FAIL: {f}");
        }
        std::process::exit(1);
    }
    println!(
        "conformance: every miss is listed with its reason in tests/conformance/oasdiff-misses.md"
    );
}
