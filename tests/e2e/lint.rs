//! `accord lint`: the bundled registry as the model of a governed one, a
//! deliberately ungoverned API, levels and exceptions from accord.yaml, and
//! lint inside `accord check`.

use std::collections::BTreeSet;

use crate::support::{Scratch, repo_root};

fn registry() -> Scratch {
    let s = Scratch::new();
    s.copy_contracts();
    s.copy_dir_from_repo("fixtures");
    s.write("accord.yaml", s.read_repo("accord.yaml"));
    s
}

#[test]
fn the_bundled_registry_lints_clean() {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["lint", "--level", "info", "--format", "json"])
        .current_dir(repo_root())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(report["findings"], serde_json::json!([]), "{stdout}");
}

#[test]
fn an_ungoverned_api_trips_six_rules_each_at_its_line() {
    let s = Scratch::new();
    s.write(
        "ungoverned.yaml",
        s.read_repo("tests/data/lint/ungoverned.yaml"),
    );
    let run = s.run(&[
        "lint",
        "ungoverned.yaml",
        "--format",
        "json",
        "--level",
        "info",
    ]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let report = run.json();
    let findings = report["findings"].as_array().expect("findings");
    let rules: BTreeSet<&str> = findings.iter().filter_map(|f| f["rule"].as_str()).collect();
    for rule in [
        "operation-id-missing",
        "operation-security-missing",
        "error-response-not-problem-details",
        "list-pagination-missing",
        "path-segment-case",
        "path-collection-singular",
        "info-version-not-semver",
        "sunset-missing",
        "operation-error-response-missing",
    ] {
        assert!(rules.contains(rule), "{rule} does not fire: {rules:?}");
    }
    for f in findings {
        assert!(f["location"]["line"].as_u64().is_some_and(|l| l > 1), "{f}");
    }
    let text = s.run(&["lint", "ungoverned.yaml", "--level", "info"]);
    insta::assert_snapshot!("lint__ungoverned", text.stdout);
}

#[test]
fn levels_and_exceptions_come_from_accord_yaml_and_check_lints_what_changed() {
    let s = registry();
    crate::support::Git::init(&s).commit_all("the registry");
    // An operation without an id, and a public one: check finds them.
    let crm = s.read("contracts/apis/crm.yaml");
    let edited = crm.replacen("      operationId: getContact\n", "", 1);
    assert_ne!(crm, edited);
    s.write("contracts/apis/crm.yaml", &edited);
    let run = s.run(&[
        "check", "--base", "HEAD", "--format", "json", "--level", "info",
    ]);
    let rules: Vec<String> = run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        rules.contains(&"operation-id-missing".to_owned()),
        "{}",
        run.transcript()
    );
    // Off in accord.yaml: gone. An exception with its reason: gone too.
    let config = s.read("accord.yaml");
    s.write(
        "accord.yaml",
        config.replace("lint:\n", "lint:\n  rules: {operation-id-missing: off}\n"),
    );
    let run = s.run(&["lint", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.json()["findings"], serde_json::json!([]));
    s.write(
        "accord.yaml",
        config.replace(
            "  exceptions:\n",
            "  rules: {operation-id-missing: error}\n  exceptions:\n    - {rule: operation-id-missing, subject: crm-api, path: '/contacts/{contactId}', reason: generated client keeps its old name}\n",
        ),
    );
    let run = s.run(&["lint", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    // A bad level or an exception without a reason is unusable input.
    s.write(
        "accord.yaml",
        config.replace("lint:\n", "lint:\n  rules: {operation-id-missing: loud}\n"),
    );
    let run = s.run(&["lint"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("`loud` is not a level"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_minified_document_does_not_multiply_the_html_report() {
    // One line of JSON holding 2,000 operations: each finding's card shows
    // a window of that line, not all of it (it showed all of it: a report
    // quadratic in the file, 300 GB for 50,000 operations).
    let s = crate::support::Scratch::new();
    let paths: serde_json::Map<String, serde_json::Value> = (0..2_000)
        .map(|i| {
            (
                format!("/r{i}"),
                serde_json::json!({"get": {"operationId": format!("op{i}"), "responses": {"200": {"description": "ok"}}}}),
            )
        })
        .collect();
    let api = serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths})
        .to_string();
    s.write("api.json", &api);
    let run = s.run(&["lint", "api.json", "--format", "html"]);
    assert_eq!(run.code, 1, "{}", &run.stderr);
    let cards = run.stdout.matches("class=\"finding ").count();
    assert!(cards >= 2_000, "{cards} cards");
    // A card is its message and a window of the line: about a kilobyte,
    // whatever the size of the file (180 KB here).
    assert!(
        run.stdout.len() < cards * 3_000,
        "{} bytes for {cards} cards",
        run.stdout.len()
    );
}
