//! `accord replay`: the bundled fixtures against the bundled contracts and
//! over HTTP against the mock, and drifted copies of them.

use crate::support::{Scratch, repo_root};

/// The bundled registry (contracts, fixtures, accord.yaml) in a scratch
/// directory.
fn registry() -> Scratch {
    let s = Scratch::new();
    s.copy_contracts();
    s.copy_dir_from_repo("fixtures");
    s.write("accord.yaml", s.read_repo("accord.yaml"));
    s
}

fn edit(s: &Scratch, file: &str, from: &str, to: &str) {
    let text = s.read(file);
    assert!(text.contains(from), "{file} has no `{from}`");
    s.write(file, text.replacen(from, to, 1));
}

#[test]
fn the_bundled_fixtures_replay_clean() {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["replay", "--format", "json"])
        .current_dir(repo_root())
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stdout}{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(report["findings"], serde_json::json!([]), "{stdout}");
    assert!(
        stderr
            .contains("replayed 25 fixtures of 2 systems; the mock served 25 of them as recorded"),
        "{stderr}"
    );
}

#[test]
fn a_wrong_type_in_a_recorded_response_names_its_fixture() {
    let s = registry();
    edit(
        &s,
        "fixtures/crm/acme/get-account-hq.yaml",
        "NumberOfEmployees: 2350",
        "NumberOfEmployees: 'about 2350'",
    );
    let run = s.run(&["replay", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let report = run.json();
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = &findings[0];
    assert_eq!(finding["rule"], "fixture-response-invalid");
    assert_eq!(finding["fixture"], "crm-acme-get-account-hq");
    assert_eq!(finding["tenant"], "acme");
    assert_eq!(finding["operation"], "GET /accounts/{accountId}");
    assert_eq!(
        finding["location"]["file"],
        "fixtures/crm/acme/get-account-hq.yaml"
    );
    let text = s.read("fixtures/crm/acme/get-account-hq.yaml");
    let line = text
        .lines()
        .position(|l| l.contains("NumberOfEmployees"))
        .expect("line")
        + 1;
    assert_eq!(finding["location"]["line"], line);
    assert!(
        finding["message"]
            .as_str()
            .unwrap_or_default()
            .contains("`/NumberOfEmployees` of the `200` response body is \"about 2350\""),
        "{finding}"
    );
}

#[test]
fn drift_of_every_kind_is_found() {
    let s = registry();
    // A request the contract no longer takes: Type narrowed.
    edit(
        &s,
        "contracts/apis/crm.yaml",
        "Type: {type: string, enum: [Customer, Prospect, Partner, Reseller, Vendor]}",
        "Type: {type: string, enum: [Prospect]}",
    );
    // A status the contract does not declare.
    edit(
        &s,
        "fixtures/crm/globex/get-account-not-found.yaml",
        "status: 404",
        "status: 410",
    );
    // An enum value the contract does not list, and an undocumented field.
    edit(
        &s,
        "fixtures/crm/globex/get-account.yaml",
        "Type: Customer",
        "Type: Distributor",
    );
    edit(
        &s,
        "fixtures/crm/globex/get-contact.yaml",
        "  body:\n    ",
        "  body:\n    Nickname: Jo\n    ",
    );
    // A request that matches no operation.
    edit(
        &s,
        "fixtures/crm/acme/get-opportunity-won.yaml",
        "path: /opportunities/",
        "path: /oportunities/",
    );
    let run = s.run(&["replay", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let report = run.json();
    let rules: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_owned(),
                f["fixture"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    for expected in [
        ("fixture-request-rejected", "crm-acme-create-account"),
        (
            "fixture-response-status-undeclared",
            "crm-globex-get-account-not-found",
        ),
        ("fixture-response-invalid", "crm-globex-get-account"),
        (
            "fixture-response-field-undocumented",
            "crm-globex-get-contact",
        ),
        (
            "fixture-operation-unmatched",
            "crm-acme-get-opportunity-won",
        ),
    ] {
        assert!(
            rules.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} not in {rules:?}"
        );
    }
    // The undocumented field is a warning; the tenant's own custom fields
    // (acme's Region__c on the CRM) are not findings at all.
    let levels: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "fixture-response-field-undocumented")
        .map(|f| f["level"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(levels, ["warning"]);
}

#[test]
fn two_recordings_of_one_request_and_the_mock_says_which_it_served() {
    let s = registry();
    let original = s.read("fixtures/crm/acme/get-account-hq.yaml");
    s.write(
        "fixtures/crm/acme/get-account-hq-again.yaml",
        original
            .replace(
                "id: crm-acme-get-account-hq",
                "id: crm-acme-get-account-hq-again",
            )
            .replace("NumberOfEmployees: 2350", "NumberOfEmployees: 2400"),
    );
    let run = s.run(&["replay", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let report = run.json();
    let mismatches: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "fixture-mock-mismatch")
        .collect();
    // Files are read in name order (`get-account-hq-again.yaml` first): the
    // first recording of a request is the one served, and the other is
    // the finding, naming what was served instead.
    assert_eq!(mismatches.len(), 1, "{mismatches:?}");
    assert_eq!(mismatches[0]["fixture"], "crm-acme-get-account-hq");
    assert!(
        mismatches[0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("it served recording:crm-acme-get-account-hq-again"),
        "{}",
        mismatches[0]
    );
}

#[test]
fn a_malformed_fixture_is_named_with_its_line() {
    let s = registry();
    edit(
        &s,
        "fixtures/erp/acme/get-item.yaml",
        "  status: 200",
        "  status: two hundred",
    );
    let run = s.run(&["replay"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("fixtures/erp/acme/get-item.yaml:")
            && run.stderr.contains("`status` must be an HTTP status"),
        "{}",
        run.stderr
    );
    s.write("fixtures/erp/acme/get-item.yaml", "id: [unclosed\n");
    let run = s.run(&["replay"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("get-item.yaml:2:1: invalid YAML"),
        "{}",
        run.stderr
    );
}

#[test]
fn shards_cover_every_fixture_once_and_merge_into_the_whole_run() {
    let s = registry();
    // Some findings to merge: two drifted recordings.
    edit(
        &s,
        "fixtures/crm/acme/get-account-hq.yaml",
        "NumberOfEmployees: 2350",
        "NumberOfEmployees: 'many'",
    );
    edit(
        &s,
        "fixtures/crm/globex/get-account-not-found.yaml",
        "status: 404",
        "status: 410",
    );
    let whole = s.run(&["replay", "--format", "json"]);
    assert_eq!(whole.code, 1, "{}", whole.transcript());
    let count = |run: &crate::support::Run| -> usize {
        let line = run
            .stderr
            .lines()
            .find(|l| l.starts_with("replayed "))
            .unwrap_or_default();
        line.split_whitespace()
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let mut covered = 0;
    for k in 1..=2 {
        let run = s.run(&["replay", "--shard", &format!("{k}/2"), "--format", "json"]);
        assert!(run.code <= 1, "{}", run.transcript());
        s.write(&format!("shard-{k}.json"), &run.stdout);
        covered += count(&run);
    }
    assert_eq!(
        covered,
        count(&whole),
        "the two shards cover every fixture once"
    );
    let merged = s.run(&[
        "report",
        "merge",
        "shard-1.json",
        "shard-2.json",
        "--format",
        "json",
    ]);
    assert_eq!(merged.code, 1, "{}", merged.transcript());
    assert_eq!(merged.json(), whole.json());
    // In any format.
    let text = s.run(&["report", "merge", "shard-1.json", "shard-2.json"]);
    assert!(
        text.stdout.contains("fixture crm-acme-get-account-hq"),
        "{}",
        text.stdout
    );

    let run = s.run(&["replay", "--shard", "3/2"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    s.write("not-a-report.json", "{\"findings\": []}");
    let run = s.run(&["report", "merge", "not-a-report.json"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("not-a-report.json:1:1: not a JSON report of accord"),
        "{}",
        run.stderr
    );
}

/// `replay` reads its systems and fixtures the way `drift` and `record` do
/// (one selection step): a `--system` or `--tenant` that accord.yaml does
/// not name is a usage error naming the file, not an empty, green run.
#[test]
fn an_unknown_system_or_tenant_is_a_usage_error() {
    let s = registry();
    for (flag, name) in [("--system", "billing"), ("--tenant", "initech")] {
        let run = s.run(&["replay", flag, name]);
        assert_eq!(run.code, 2, "{}", run.transcript());
        assert!(
            run.stderr
                .contains(&format!("{flag} {name}: not in accord.yaml")),
            "{}",
            run.transcript()
        );
    }
    let run = s.run(&["replay", "--system", "crm", "--tenant", "acme"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
}
