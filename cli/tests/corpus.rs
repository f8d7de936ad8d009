//! Robustness on the real corpora (../shared/corpus): every OpenAPI
//! document of real-specs loads with its source map and `$ref`s resolved
//! and every pair of neighbouring versions diffs; the pairs that change no
//! behaviour (a dereferenced spec put back in `$ref` form, a server prefix
//! moved into the paths, a `$ref` wrapped in `allOf`) have no error-level
//! finding, and Intercom 2.13 → 2.14, which renamed path parameters, keeps
//! all its operations while its property removals are reported; the
//! error-level changes of every pair are exactly those listed, each with
//! the reason it breaks a client, in tests/real-specs/errors.md; every JSON
//! Schema set of real-schemas (OCDS, BODS; single files and multi-file sets) compares with
//! its next version in every mode. Skipped, with the reason printed, where
//! the corpus is absent (a fresh machine without ../shared). A plain `main`
//! (`harness = false`) so that `cargo test` shows what it did.

#![allow(clippy::print_stdout)]

#[path = "common/corpus.rs"]
mod corpus;

use std::collections::BTreeMap;

use accord::diff::{self, DiffOptions, Sides};
use accord::findings::{Finding, Level};
use accord::load::Contract;
use accord::rules::{self, compat::openapi};

/// Neighbouring versions that change no behaviour, as files of real-specs.
const NO_BEHAVIOUR_CHANGE: &[(&str, &str)] = &[
    // Dereferenced → `$ref` form.
    (
        "paypal/billing-subscriptions-v1/2023-07-26.json",
        "paypal/billing-subscriptions-v1/2023-08-01.json",
    ),
    // The `/v1/billing` server prefix moved into the paths.
    (
        "paypal/billing-subscriptions-v1/2023-08-01.json",
        "paypal/billing-subscriptions-v1/2023-08-12.json",
    ),
    (
        "paypal/invoicing-v2/2023-12-20.json",
        "paypal/invoicing-v2/2024-02-02.json",
    ),
    (
        "stripe/api-spec3-yaml/v465.yaml",
        "stripe/api-spec3-yaml/v466.yaml",
    ),
    // `$ref`s wrapped in `allOf`.
    (
        "apideck/accounting/9.4.0.yaml",
        "apideck/accounting/9.5.0.yaml",
    ),
];

/// Path parameters renamed (`{id}` → `{contact_id}`): the same operations.
const INTERCOM_RENAMED_PATH_PARAMETERS: (&str, &str) =
    ("intercom/api/2.13.yaml", "intercom/api/2.14.yaml");

fn main() {
    let Some(dir) = corpus::corpus_dir() else {
        println!(
            "corpus: skipped, ../shared/corpus/real-specs is absent (set ACCORD_CORPUS to run it)"
        );
        return;
    };
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).expect("manifest"))
            .expect("JSON");
    let (mut documents, mut pairs, mut checked) = (0, 0, 0);
    // Every error-level change found, by (pair, rule, pointer), with how
    // many places it reaches: compared with the reviewed list.
    let mut errors: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let mut lint_counts: std::collections::BTreeMap<
        String,
        std::collections::BTreeMap<String, usize>,
    > = std::collections::BTreeMap::new();
    for api in manifest.as_array().expect("a list of APIs") {
        let files: Vec<&str> = api["versions"]
            .as_array()
            .expect("versions")
            .iter()
            .filter_map(|v| v["file"].as_str())
            .collect();
        let contracts: Vec<Contract> = files
            .iter()
            .map(|f| Contract::load(&dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}")))
            .collect();
        for (file, contract) in files.iter().zip(&contracts) {
            // Governance lint runs on every real document, placing every
            // finding; counted per rule and vendor.
            let vendor = file.split('/').next().unwrap_or_default().to_owned();
            for finding in
                accord::lint::contract(accord::lint::Context::alone(&Default::default()), contract)
            {
                assert!(
                    finding.location.as_ref().is_some_and(|l| l.line > 0),
                    "{file}: {finding:?}"
                );
                *lint_counts
                    .entry(finding.rule.clone())
                    .or_default()
                    .entry(vendor.clone())
                    .or_insert(0) += 1;
            }
            let root = contract.root();
            assert!(
                root.source_map.len() > 1000,
                "{file}: a real spec has many nodes"
            );
            // Every node's pointer locates inside the file.
            let lines = root.text.lines().count() as u32;
            for (node, _) in contract.refs().take(200) {
                let at = contract.position(node);
                assert!(
                    at.line >= 1 && at.line <= lines.max(1),
                    "{file}: {} at line {}",
                    node.pointer,
                    at.line
                );
            }
            documents += 1;
        }
        for (names, pair) in files.windows(2).zip(contracts.windows(2)) {
            let ([base, revision], [from, to]) = (pair, names) else {
                continue;
            };
            let changes = diff::openapi(base, revision, &DiffOptions::default());
            let findings = openapi::judge(&changes, Sides { base, revision });
            for finding in &findings {
                let location = finding
                    .location
                    .as_ref()
                    .expect("every OpenAPI finding has a place");
                assert!(location.line > 0);
            }
            let count = |f: &dyn Fn(&Finding) -> bool| findings.iter().filter(|x| f(x)).count();
            let pair = format!("{from} → {to}");
            // As the list names it: `vendor/api/1.0.yaml → 1.1.yaml`.
            let short = format!("{from} → {}", to.rsplit('/').next().unwrap_or(to));
            for f in findings.iter().filter(|f| f.level == Level::Error) {
                let pointer = f
                    .location
                    .as_ref()
                    .map(|l| l.pointer.to_string())
                    .unwrap_or_default();
                *errors
                    .entry((short.clone(), f.rule.clone(), pointer))
                    .or_default() += 1;
            }
            if NO_BEHAVIOUR_CHANGE.contains(&(*from, *to)) {
                let errors: Vec<String> = findings
                    .iter()
                    .filter(|f| f.level == Level::Error)
                    .map(|f| format!("{}: {}", f.rule, f.message))
                    .collect();
                assert!(
                    errors.is_empty(),
                    "{pair} changes no behaviour, yet: {errors:#?}"
                );
                checked += 1;
            }
            if (*from, *to) == INTERCOM_RENAMED_PATH_PARAMETERS {
                let removed = count(&|f| f.rule.starts_with("api-") && f.rule.contains("removed"));
                assert_eq!(
                    removed, 0,
                    "{pair}: its path parameters were renamed, no path was removed"
                );
                let properties =
                    count(&|f| f.level > Level::Info && f.rule.contains("property-removed"));
                assert!(properties > 0, "{pair}: its property removals are reported");
                checked += 1;
            }
            pairs += 1;
        }
    }
    println!(
        "corpus: {documents} real documents loaded with source maps, {pairs} neighbouring pairs diffed"
    );
    assert_eq!((documents, pairs), (47, 32));
    assert_eq!(
        checked,
        NO_BEHAVIOUR_CHANGE.len() + 1,
        "every named pair was found"
    );
    println!(
        "corpus: {checked} named pairs judged as expected (no behaviour change; renamed path parameters)"
    );
    let listed = listed_errors();
    let mut wrong = Vec::new();
    for (key, places) in &errors {
        match listed.get(key) {
            Some(&n) if n == *places => {}
            Some(&n) => wrong.push(format!("{key:?}: {places} places, listed with {n}")),
            None => wrong.push(format!("{key:?} ({places} places) is not listed")),
        }
    }
    for key in listed.keys().filter(|k| !errors.contains_key(*k)) {
        wrong.push(format!("{key:?} is listed but no longer found"));
    }
    assert!(
        wrong.is_empty(),
        "the errors on the real pairs differ from tests/real-specs/errors.md:\n{}",
        wrong.join("\n")
    );
    println!(
        "corpus: {} error-level changes ({} findings) on the real pairs, each listed with its reason in tests/real-specs/errors.md",
        errors.len(),
        errors.values().sum::<usize>()
    );
    println!(
        "corpus: governance lint findings per rule across the vendors (every document linted):"
    );
    for (rule, vendors) in &lint_counts {
        let total: usize = vendors.values().sum();
        let by: Vec<String> = vendors.iter().map(|(v, n)| format!("{v} {n}")).collect();
        println!("  {rule:<38} {total:>6}  ({})", by.join(", "));
    }
    stripe_reports(&dir);
    stripe_impact(&dir);
    schemas(&dir.join("../real-schemas"));
}

/// `accord impact` of Stripe v124 → v125 for a billing integration whose
/// recordings (tests/real-specs/stripe-fixtures: thirteen fixtures of
/// twelve operations, written by hand) are what it uses: only the changes
/// that reach them, each naming the fixture; the rest counted.
fn stripe_impact(dir: &std::path::Path) {
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real-specs/stripe-fixtures");
    let spec = |v: &str| dir.join(format!("stripe/api-spec3-json/{v}.json"));
    let run = |command: &str| {
        let mut args = vec![
            command.to_owned(),
            spec("v124").display().to_string(),
            spec("v125").display().to_string(),
            "--format".to_owned(),
            "json".to_owned(),
            "--level".to_owned(),
            "info".to_owned(),
        ];
        if command == "impact" {
            args.extend(["--fixtures".to_owned(), fixtures.display().to_string()]);
        }
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(&args)
            .output()
            .expect("runs");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        (json, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (diff, _) = run("diff");
    let (impact, note) = run("impact");
    let changes = |json: &serde_json::Value| -> std::collections::BTreeSet<String> {
        json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter_map(|f| f["change"].as_str().map(str::to_owned))
            .collect()
    };
    let (all, reached) = (changes(&diff), changes(&impact));
    assert!(
        reached.is_subset(&all),
        "impact reports a change diff does not"
    );
    assert!(reached.len() < all.len());
    let findings = impact["findings"].as_array().expect("findings");
    // Every finding shown names the fixtures that use what it changed.
    for f in findings {
        let affects = f["affects"].as_array().expect("affects");
        assert!(!affects.is_empty(), "{f}");
        assert!(
            affects.iter().all(|a| a["evidence"][0]["file"]
                .as_str()
                .is_some_and(|file| file.contains("stripe-fixtures"))),
            "{f}"
        );
    }
    // Checked by hand: the invoice created with an EU bank transfer sends
    // `payment_settings…bank_transfer.eu_bank_transfer`, which v125 removes;
    // no fixture reads the card-present options v125 adds or the error
    // object's `eu_bank_transfer`.
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "request-property-removed"
                && f["operation"] == "POST /v1/invoices"),
        "{findings:?}"
    );
    assert!(
        findings
            .iter()
            .all(|f| f["operation"] != "POST /v1/payment_intents"),
        "{findings:?}"
    );
    let summary = format!(
        "{} of {} changes reach what you use",
        reached.len(),
        all.len()
    );
    assert!(note.contains(&summary), "{note}");
    println!(
        "corpus: Stripe v124 → v125 impact on a billing integration (13 fixtures, 12 operations): {summary} ({} findings of {})",
        findings.len(),
        diff["findings"].as_array().map_or(0, Vec::len)
    );
}

/// Stripe v124 → v125: one removed property of a shared schema reaches 664
/// places. Each report shows each change once and fits where it goes; no
/// change the JSON report has is missing from the text report.
fn stripe_reports(dir: &std::path::Path) {
    use accord::report::{self, Format, Style};
    let load = |v: &str| {
        Contract::load(&dir.join(format!("stripe/api-spec3-json/{v}.json"))).expect("loads")
    };
    let (base, revision) = (load("v124"), load("v125"));
    let changes = diff::openapi(&base, &revision, &DiffOptions::default());
    let findings = openapi::judge(
        &changes,
        Sides {
            base: &base,
            revision: &revision,
        },
    );
    let render = |report: &accord::findings::Report, format: Format| -> String {
        let mut out = Vec::new();
        report::write(report, format, &Style::default(), &mut out).expect("renders");
        String::from_utf8(out).expect("utf-8")
    };
    for level in [Level::Warning, Level::Info] {
        let report = accord::findings::Report::new(findings.clone(), level);
        let text = render(&report, Format::Text);
        let lines = text.lines().count();
        let shown = report.findings.len();
        // Every change of the JSON report is named in the text, at its
        // place, with its rule.
        let ids: std::collections::BTreeSet<&str> = report
            .findings
            .iter()
            .filter_map(|f| f.change.as_deref())
            .collect();
        for c in report.changes() {
            let place = c.lead.location.as_ref().expect("a place").to_string();
            assert!(
                text.lines()
                    .any(|l| l.contains(&place) && l.contains(&format!("[{}]", c.lead.rule))),
                "the text report lost {place} [{}]",
                c.lead.rule
            );
        }
        assert_eq!(ids.len(), report.changes().len());
        assert!(
            lines * 10 <= shown,
            "Stripe v124 → v125 at --level {level}: {lines} lines of text for {shown} findings"
        );
        let markdown = render(&report, Format::Markdown);
        assert!(markdown.chars().count() <= accord::report::markdown::LIMIT);
        let sarif = render(&report, Format::Sarif);
        let results =
            serde_json::from_str::<serde_json::Value>(&sarif).expect("JSON")["runs"][0]["results"]
                .as_array()
                .map_or(0, Vec::len);
        assert_eq!(results, ids.len());
        println!(
            "corpus: Stripe v124 → v125 at --level {level}: {shown} findings, {} changes; text {lines} lines, markdown {} characters, SARIF {} bytes ({results} results)",
            ids.len(),
            markdown.chars().count(),
            sarif.len()
        );
    }
}

/// The reviewed list of errors: `| `pair` | `rule` | `pointer` | places | why |`.
fn listed_errors() -> BTreeMap<(String, String, String), usize> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real-specs/errors.md");
    let text = std::fs::read_to_string(&path).expect("tests/real-specs/errors.md");
    text.lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let cell = |i: usize| cells.get(i).map(|c| c.trim_matches('`').to_owned());
            let places = cell(4).and_then(|n| n.parse().ok());
            match (cell(1), cell(2), cell(3), places) {
                (Some(pair), Some(rule), Some(pointer), Some(places)) => {
                    ((pair, rule, pointer), places)
                }
                _ => panic!(
                    "tests/real-specs/errors.md: a row without pair, rule, pointer and places: {l}"
                ),
            }
        })
        .collect()
}

/// The JSON Schema corpus: neighbouring versions compared in every mode.
fn schemas(dir: &std::path::Path) {
    use accord::diff::Mode;
    let Ok(bytes) = std::fs::read(dir.join("manifest.json")) else {
        println!("corpus: real-schemas is absent, skipped");
        return;
    };
    let manifest: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
    let mut pairs = 0;
    for set in manifest.as_array().expect("a list") {
        let roots: Vec<std::path::PathBuf> = set["versions"]
            .as_array()
            .expect("versions")
            .iter()
            .filter_map(|v| {
                let file = v["file"].as_str()?;
                if !file.ends_with('/') {
                    return Some(dir.join(file));
                }
                // A multi-file set: its package or statement file is the root.
                ["bods-package.json", "statement.json"]
                    .iter()
                    .map(|r| dir.join(file).join(r))
                    .find(|p| p.is_file())
            })
            .collect();
        let contracts: Vec<Contract> = roots
            .iter()
            .map(|r| Contract::load(r).unwrap_or_else(|e| panic!("{}: {e}", r.display())))
            .collect();
        for pair in contracts.windows(2) {
            let [base, revision] = pair else { continue };
            for mode in [Mode::Backward, Mode::Forward, Mode::Full] {
                let changes = diff::jsonschema(base, revision, mode);
                let findings = rules::judge(
                    rules::compat::schema::RULES,
                    &changes,
                    Sides { base, revision },
                );
                assert!(
                    findings
                        .iter()
                        .all(|f| f.location.as_ref().is_some_and(|l| l.line > 0))
                );
            }
            pairs += 1;
        }
    }
    println!("corpus: {pairs} neighbouring JSON Schema versions compared in all three modes");
    assert_eq!(pairs, 5);
}
