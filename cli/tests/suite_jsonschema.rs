//! The official JSON Schema Test Suite (../shared/conformance/
//! json-schema-test-suite, drafts 4, 6, 7, 2019-09 and 2020-12):
//!
//! - accord's validator (the one that checks witnesses and replays
//!   fixtures) against every test: every required test must pass; the
//!   optional ones (format assertion, ECMA-262 details, big numbers) are
//!   counted and listed, and the ECMA-262 ones must pass;
//! - every schema of the suite compared with itself: compatible, decided;
//! - the derived subset questions: for each test, `{"const": data}` (an
//!   `enum` of one in draft-04) ⊆ schema holds exactly when the data is
//!   valid. A wrong "compatible" fails the test; wrong "incompatible" and
//!   undecided answers are counted per draft and bounded;
//! - every "incompatible" answer's witness is checked with an independent
//!   validator (the `jsonschema` crate): the const side accepts it and the
//!   schema rejects it.
//!
//! The suite's remotes (`http://localhost:1234/`) resolve from its
//! `remotes/` folder through a reference mapping, never over the network.
//! Skipped, with the reason printed, without ../shared. A plain `main`.

#![allow(clippy::print_stdout)]

#[path = "common/corpus.rs"]
mod corpus;
#[path = "common/soundness.rs"]
mod soundness;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use accord::load::{Contract, Document, FileSystem, LoadOptions, RefMapping};
use accord::model::dialect::Dialect;
use accord::schema::subset::{Checker, Verdict};
use accord::schema::validate::validate;
use accord::schema::{Schemas, Side};
use serde_json::{Value, json};

const DRAFTS: [(&str, Dialect); 5] = [
    ("draft4", Dialect::Draft4),
    ("draft6", Dialect::Draft6),
    ("draft7", Dialect::Draft7),
    ("draft2019-09", Dialect::Draft2019),
    ("draft2020-12", Dialect::Draft2020),
];

/// At most this share of the derived questions may come back undecided.
const UNDECIDED_CEILING: f64 = 0.01;

#[derive(Default)]
struct Counts {
    required: (usize, usize),
    optional: (usize, usize),
    ecma: (usize, usize),
    itself: (usize, usize),
    questions: usize,
    correct: usize,
    wrong_compatible: usize,
    wrong_incompatible: usize,
    undecided: usize,
    witnesses_checked: usize,
    independent_disagrees: usize,
    pairs: usize,
    pairs_undecided: usize,
    reverse: usize,
    reverse_undecided: usize,
}

struct Failures {
    validator: Vec<String>,
    optional: Vec<String>,
    itself: Vec<String>,
    wrong_compatible: Vec<String>,
    wrong_incompatible: Vec<String>,
    undecided: Vec<String>,
    witnesses: Vec<String>,
}

fn options(dialect: Dialect, remotes: &Path) -> LoadOptions {
    LoadOptions {
        dialect: Some(dialect),
        ref_map: vec![RefMapping {
            prefix: "http://localhost:1234/".to_owned(),
            folder: remotes.to_path_buf(),
        }],
        per_file: Vec::new(),
    }
}

fn contract(name: &Path, schema: &Value, options: &LoadOptions) -> Result<Contract, String> {
    let bytes = serde_json::to_vec(schema).map_err(|e| e.to_string())?;
    let doc = Document::parse(name.to_path_buf(), bytes).map_err(|e| e.to_string())?;
    Contract::schema_from_root(doc, options, &mut FileSystem::anywhere()).map_err(|e| e.to_string())
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn main() {
    let Some(conformance) = corpus::conformance_dir() else {
        println!(
            "skipped: ../shared/conformance is absent (set ACCORD_CONFORMANCE to run the official JSON Schema Test Suite)"
        );
        return;
    };
    let suite = conformance.join("json-schema-test-suite");
    if !suite.join("tests").is_dir() {
        println!("skipped: {} is absent", suite.display());
        return;
    }
    let remotes = suite.join("remotes");
    let mut failures = Failures {
        validator: Vec::new(),
        optional: Vec::new(),
        itself: Vec::new(),
        wrong_compatible: Vec::new(),
        wrong_incompatible: Vec::new(),
        undecided: Vec::new(),
        witnesses: Vec::new(),
    };
    let mut totals: BTreeMap<&str, Counts> = BTreeMap::new();
    for (draft, dialect) in DRAFTS {
        let counts = totals.entry(draft).or_default();
        let options = options(dialect, &remotes);
        let dir = suite.join("tests").join(draft);
        for file in files(&dir) {
            let relative = file
                .strip_prefix(&dir)
                .unwrap_or(&file)
                .display()
                .to_string();
            let optional = relative.starts_with("optional");
            let ecma = relative == "optional/ecmascript-regex.json";
            let groups: Vec<Value> =
                serde_json::from_slice(&std::fs::read(&file).expect("reads")).expect("parses");
            for group in &groups {
                let description = group["description"].as_str().unwrap_or("");
                let schema = &group["schema"];
                let name = PathBuf::from(format!("{draft}/{relative}"));
                let loaded = contract(&name, schema, &options);
                let tests = group["tests"].as_array().cloned().unwrap_or_default();
                // The validator.
                for test in &tests {
                    let data = &test["data"];
                    let expected = test["valid"].as_bool().unwrap_or(false);
                    let got = match &loaded {
                        Ok(c) => {
                            let schemas = Schemas::new(c, c);
                            let root = schemas.root(Side::Base);
                            validate(&schemas, &root, data).map_err(|u| u.0)
                        }
                        Err(e) => Err(e.clone()),
                    };
                    let pass = got.as_ref().is_ok_and(|v| *v == expected);
                    let slot = if optional {
                        &mut counts.optional
                    } else {
                        &mut counts.required
                    };
                    slot.0 += usize::from(pass);
                    slot.1 += 1;
                    if ecma {
                        counts.ecma.0 += usize::from(pass);
                        counts.ecma.1 += 1;
                    }
                    if !pass {
                        let line = format!(
                            "{draft}/{relative}: {description} / {}: expected {expected}, got {got:?}",
                            test["description"].as_str().unwrap_or("")
                        );
                        if optional && !ecma {
                            failures.optional.push(line);
                        } else {
                            failures.validator.push(line);
                        }
                    }
                }
                let Ok(loaded) = &loaded else {
                    continue;
                };
                if optional && !ecma {
                    continue;
                }
                // The schema compared with itself.
                {
                    let schemas = Schemas::new(loaded, loaded);
                    let (a, b) = (schemas.root(Side::Base), schemas.root(Side::Revision));
                    let verdict = Checker::new(&schemas)
                        .subset(std::slice::from_ref(&a), std::slice::from_ref(&b));
                    counts.itself.1 += 1;
                    if verdict == Verdict::Yes {
                        counts.itself.0 += 1;
                    } else {
                        failures
                            .itself
                            .push(format!("{draft}/{relative}: {description}: {verdict:?}"));
                    }
                }
                // The derived questions: {const: data} ⊆ schema iff valid.
                let independent = soundness::independent(dialect, schema, Some(remotes.clone()));
                for test in &tests {
                    let data = &test["data"];
                    let valid = test["valid"].as_bool().unwrap_or(false);
                    let single = if dialect == Dialect::Draft4 {
                        json!({ "enum": [data] })
                    } else {
                        json!({ "const": data })
                    };
                    let single_value = single.clone();
                    let Ok(single) = contract(&PathBuf::from("const.json"), &single, &options)
                    else {
                        continue;
                    };
                    // The other way round, schema ⊆ {const: data}: the
                    // answer is not known beforehand, so the independent
                    // validator judges it (a witness must separate; a
                    // "compatible" must survive the file's instances).
                    {
                        let reverse = Schemas::new(loaded, &single);
                        let (a, b) = (reverse.root(Side::Base), reverse.root(Side::Revision));
                        let verdict = Checker::new(&reverse)
                            .subset(std::slice::from_ref(&a), std::slice::from_ref(&b));
                        counts.reverse += 1;
                        let what =
                            format!("{draft}/{relative}: {description}: schema ⊆ {single_value}");
                        if let Some(inside) = &independent {
                            match &verdict {
                                Verdict::Yes => {
                                    let others = tests.iter().map(|t| &t["data"]);
                                    if let Some(v) = others
                                        .filter(|v| !accord::schema::validate::json_equal(v, data))
                                        .find(|v| inside.is_valid(v))
                                    {
                                        failures.wrong_compatible.push(format!(
                                            "{what}: \"compatible\", but {v} is valid too"
                                        ));
                                    }
                                }
                                Verdict::No(w) => {
                                    let w = w.witness.value();
                                    if !inside.is_valid(&w)
                                        || accord::schema::validate::json_equal(&w, data)
                                    {
                                        failures
                                            .witnesses
                                            .push(format!("{what}: witness {w} does not separate"));
                                    }
                                }
                                Verdict::Unknown(_) => counts.reverse_undecided += 1,
                            }
                        }
                    }
                    let schemas = Schemas::new(&single, loaded);
                    let (a, b) = (schemas.root(Side::Base), schemas.root(Side::Revision));
                    let verdict = Checker::new(&schemas)
                        .subset(std::slice::from_ref(&a), std::slice::from_ref(&b));
                    counts.questions += 1;
                    let what = format!(
                        "{draft}/{relative}: {description} / {}",
                        test["description"].as_str().unwrap_or("")
                    );
                    match (&verdict, valid) {
                        (Verdict::Yes, true) | (Verdict::No(_), false) => counts.correct += 1,
                        (Verdict::Yes, false) => {
                            counts.wrong_compatible += 1;
                            failures.wrong_compatible.push(what.clone());
                        }
                        (Verdict::No(w), true) => {
                            counts.wrong_incompatible += 1;
                            failures
                                .wrong_incompatible
                                .push(format!("{what}: witness {}", w.witness.value()));
                        }
                        (Verdict::Unknown(why), _) => {
                            counts.undecided += 1;
                            failures.undecided.push(format!("{what}: {why}"));
                        }
                    }
                    // The independent validator judges where it agrees with
                    // the suite's own answer (it misses a few tests, such as
                    // custom vocabularies).
                    let checker = independent.as_ref().filter(|c| {
                        let agrees = c.is_valid(data) == valid;
                        if !agrees {
                            counts.independent_disagrees += 1;
                        }
                        agrees
                    });
                    if let (Verdict::Yes, Some(checker)) = (&verdict, &checker) {
                        counts.witnesses_checked += 1;
                        if !checker.is_valid(data) {
                            failures.witnesses.push(format!(
                                "{what}: \"compatible\", but the independent validator rejects {data}"
                            ));
                        }
                    }
                    if let (Verdict::No(w), Some(checker)) = (&verdict, &checker) {
                        let witness = w.witness.value();
                        counts.witnesses_checked += 1;
                        if !accord::schema::validate::json_equal(&witness, data)
                            || checker.is_valid(&witness)
                        {
                            failures.witnesses.push(format!(
                                "{what}: witness {witness} is not an instance the const accepts and the schema rejects"
                            ));
                        }
                    }
                }
            }
            if !optional || ecma {
                pairs(
                    &groups,
                    dialect,
                    &options,
                    &remotes,
                    &relative,
                    draft,
                    counts,
                    &mut failures,
                );
            }
        }
    }
    report(&totals, &failures);
}

/// Schema against schema: every ordered pair of groups of one file (the
/// schemas there vary one keyword at a time), each verdict checked with
/// the independent validator — a witness must separate the two, and a
/// "compatible" must survive every test instance of the file and the
/// instances built around both schemas. Only schemas on which the
/// independent validator agrees with the suite's own answers take part.
#[allow(clippy::too_many_arguments)]
fn pairs(
    groups: &[Value],
    dialect: Dialect,
    options: &LoadOptions,
    remotes: &Path,
    relative: &str,
    draft: &str,
    counts: &mut Counts,
    failures: &mut Failures,
) {
    let data: Vec<Value> = groups
        .iter()
        .flat_map(|g| g["tests"].as_array().into_iter().flatten())
        .map(|t| t["data"].clone())
        .collect();
    let usable: Vec<(usize, Contract, jsonschema::Validator)> = groups
        .iter()
        .enumerate()
        .take(24)
        .filter_map(|(i, g)| {
            let schema = &g["schema"];
            let v = soundness::independent(dialect, schema, Some(remotes.to_path_buf()))?;
            let agrees = g["tests"]
                .as_array()
                .into_iter()
                .flatten()
                .all(|t| v.is_valid(&t["data"]) == t["valid"].as_bool().unwrap_or(false));
            let c = contract(
                &PathBuf::from(format!("{draft}/{relative}#{i}")),
                schema,
                options,
            )
            .ok()?;
            agrees.then_some((i, c, v))
        })
        .collect();
    for (i, a, va) in &usable {
        for (j, b, vb) in &usable {
            if i == j {
                continue;
            }
            let schemas = Schemas::new(a, b);
            let (ra, rb) = (schemas.root(Side::Base), schemas.root(Side::Revision));
            let verdict =
                Checker::new(&schemas).subset(std::slice::from_ref(&ra), std::slice::from_ref(&rb));
            counts.pairs += 1;
            let what = format!("{draft}/{relative}: group {i} ⊆ group {j}");
            match &verdict {
                Verdict::Yes => {
                    let built =
                        soundness::instances(&[&groups[*i]["schema"], &groups[*j]["schema"]]);
                    if let Some(v) = soundness::counterexample(va, vb, data.iter().chain(&built)) {
                        failures
                            .wrong_compatible
                            .push(format!("{what}: \"compatible\", but {v} is not"));
                    }
                }
                Verdict::No(w) => {
                    let w = w.witness.value();
                    if !va.is_valid(&w) || vb.is_valid(&w) {
                        failures
                            .witnesses
                            .push(format!("{what}: witness {w} does not separate"));
                    }
                }
                Verdict::Unknown(why) => {
                    counts.pairs_undecided += 1;
                    if std::env::var_os("ACCORD_SUITE_VERBOSE").is_some() {
                        println!("  undecided: {what}: {why}");
                    }
                }
            }
        }
    }
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        100.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

fn report(totals: &BTreeMap<&str, Counts>, failures: &Failures) {
    println!(
        "{:<14} {:>16} {:>16} {:>12} {:>14} | {:>9} {:>8} {:>6} {:>6} {:>9}",
        "draft",
        "required",
        "optional",
        "ecma-regex",
        "self-compat",
        "questions",
        "correct",
        "wrongC",
        "wrongI",
        "undecided"
    );
    let mut all = Counts::default();
    for (draft, c) in totals {
        println!(
            "{:<14} {:>16} {:>16} {:>12} {:>14} | {:>9} {:>8} {:>6} {:>6} {:>9}",
            draft,
            format!("{}/{}", c.required.0, c.required.1),
            format!("{}/{}", c.optional.0, c.optional.1),
            format!("{}/{}", c.ecma.0, c.ecma.1),
            format!("{}/{}", c.itself.0, c.itself.1),
            c.questions,
            c.correct,
            c.wrong_compatible,
            c.wrong_incompatible,
            c.undecided
        );
        all.questions += c.questions;
        all.undecided += c.undecided;
        all.witnesses_checked += c.witnesses_checked;
        all.independent_disagrees += c.independent_disagrees;
        all.pairs += c.pairs;
        all.pairs_undecided += c.pairs_undecided;
        all.reverse += c.reverse;
        all.reverse_undecided += c.reverse_undecided;
    }
    let show = |title: &str, lines: &[String]| {
        if !lines.is_empty() {
            println!("\n{title} ({}):", lines.len());
            for line in lines.iter().take(5000) {
                println!("  {line}");
            }
        }
    };
    // Format assertion is optional and off in accord (an annotation, as
    // from 2019-09 on): those are counted per file; the others listed.
    let mut per_file: BTreeMap<&str, usize> = BTreeMap::new();
    let mut others: Vec<String> = Vec::new();
    for line in &failures.optional {
        match line.split_once(": ") {
            Some((file, _)) if file.contains("/optional/format/") => {
                *per_file.entry(file).or_default() += 1;
            }
            _ => others.push(line.clone()),
        }
    }
    if !per_file.is_empty() {
        println!(
            "\noptional format-assertion tests not passed ({}; `format` is an annotation in accord):",
            per_file.values().sum::<usize>()
        );
        for (file, n) in &per_file {
            println!("  {file}: {n}");
        }
    }
    show(
        "other optional tests the validator does not pass (listed, not required)",
        &others,
    );
    show("REQUIRED / ECMA-262 tests failed", &failures.validator);
    show("schemas not compatible with themselves", &failures.itself);
    show("WRONG \"compatible\"", &failures.wrong_compatible);
    show("wrong \"incompatible\"", &failures.wrong_incompatible);
    show("undecided", &failures.undecided);
    show(
        "verdicts the independent validator contradicts",
        &failures.witnesses,
    );
    println!(
        "\n{} verdicts checked with the jsonschema crate ({} questions left to the suite's own answer, where that crate disagrees with it); undecided {:.2}% of {} questions",
        all.witnesses_checked,
        all.independent_disagrees,
        pct(all.undecided, all.questions),
        all.questions
    );
    println!(
        "{} schema-against-schema questions (pairs of groups of a file), {} undecided, every verdict checked with the jsonschema crate",
        all.pairs, all.pairs_undecided
    );
    println!(
        "{} questions schema ⊆ {{const: data}}, {} undecided, every verdict checked with the jsonschema crate",
        all.reverse, all.reverse_undecided
    );
    let undecided_share = all.undecided as f64 / all.questions.max(1) as f64;
    let mut failed = Vec::new();
    if !failures.validator.is_empty() {
        failed.push("required or ECMA-262 tests fail");
    }
    if !failures.itself.is_empty() {
        failed.push("a schema is not compatible with itself");
    }
    if !failures.wrong_compatible.is_empty() {
        failed.push("a wrong \"compatible\"");
    }
    if !failures.wrong_incompatible.is_empty() {
        failed.push("a wrong \"incompatible\"");
    }
    if !failures.witnesses.is_empty() {
        failed.push("the independent validator contradicts a verdict");
    }
    if undecided_share > UNDECIDED_CEILING {
        failed.push("more than 1% undecided");
    }
    if !failed.is_empty() {
        panic!("JSON Schema Test Suite: {}", failed.join("; "));
    }
}
