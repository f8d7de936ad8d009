//! `accord drift`, `accord record` and baselines against a local sandbox
//! (`sandbox.rs`) started by each test on 127.0.0.1.

use serde_json::{Value, json};

use crate::sandbox::{
    Drift, Received, SECRET, Served, TOKENS, drift, findings, live, registry, rules_and_fixtures,
};
use crate::support::Run;

#[test]
fn each_drift_of_a_live_sandbox_is_found_politely_and_without_leaking_credentials() {
    let s = registry();
    let served = Served::start(&s, Drift::Six);
    let run = drift(&s, &served, &["--format", "json", "--level", "info"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let all = findings(&run);
    let shown: Vec<Value> = all
        .iter()
        .filter(|f| f["rule"] != "drift-request-not-sent")
        .cloned()
        .collect();
    let pairs = rules_and_fixtures(&shown);
    let expected: Vec<(String, String)> = [
        // A field removed (optional in the contract: only the recording knows).
        ("drift-field-removed", "erp-acme-get-customer"),
        // A new enum value.
        ("drift-live-enum-value-new", "erp-acme-get-item"),
        // A changed type: against the recording and against the contract.
        ("drift-field-type-changed", "crm-globex-get-account"),
        ("drift-live-response-invalid", "crm-globex-get-account"),
        // An undocumented field: new since the recording, and undocumented.
        ("drift-field-added", "erp-acme-get-sales-order"),
        ("drift-live-field-undocumented", "erp-acme-get-sales-order"),
        // A 500, after the retries.
        ("drift-live-server-error", "crm-globex-get-contact"),
    ]
    .into_iter()
    .map(|(r, f)| (r.to_owned(), f.to_owned()))
    .collect::<std::collections::BTreeSet<_>>()
    .into_iter()
    .collect();
    assert_eq!(pairs, expected, "{}", run.transcript());
    let message = |rule: &str| {
        shown
            .iter()
            .find(|f| f["rule"] == rule)
            .and_then(|f| f["message"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(message("drift-field-removed").contains("`terms`"));
    assert!(message("drift-live-enum-value-new").contains("\"kitItem\""));
    assert!(
        message("drift-field-type-changed").contains(
            "`NumberOfEmployees` is string in the live response, number in the recording"
        )
    );
    assert!(message("drift-live-field-undocumented").contains("`legacyCode`"));
    assert!(message("drift-live-server-error").contains("`500` after 3 attempts"));
    // Findings point into the fixture: the removed field at its line.
    let removed = shown
        .iter()
        .find(|f| f["rule"] == "drift-field-removed")
        .unwrap();
    let file = s.read("fixtures/erp/acme/get-customer.yaml");
    let line = file
        .lines()
        .position(|l| l.trim_start().starts_with("terms:"))
        .unwrap()
        + 1;
    assert_eq!(
        removed["location"]["file"],
        "fixtures/erp/acme/get-customer.yaml"
    );
    assert_eq!(removed["location"]["line"], line);

    let received = served.received();
    // The 429 was retried, no sooner than its Retry-After said, and then
    // answered as recorded: no finding.
    let invoice: Vec<&Received> = received
        .iter()
        .filter(|r| r.path == "/invoices/120455")
        .collect();
    assert_eq!(invoice.len(), 2, "{invoice:?}");
    let gap = invoice[1].at - invoice[0].at;
    assert!(gap.as_millis() >= 1000, "retried after {gap:?}");
    // No unsafe method without the opt-in; those fixtures are listed.
    assert!(
        received
            .iter()
            .all(|r| ["GET", "HEAD", "OPTIONS"].contains(&r.method.as_str())),
        "{received:?}"
    );
    let not_sent = all
        .iter()
        .filter(|f| f["rule"] == "drift-request-not-sent")
        .count();
    assert_eq!(not_sent, 7, "6 POST/PATCH fixtures and the recorded 429");
    // Credentials come from the environment, sent as the contract's
    // bearer token, and appear in no output.
    assert!(
        received
            .iter()
            .any(|r| r.authorization.as_deref() == Some(&format!("Bearer {SECRET}"))),
        "{received:?}"
    );
    assert!(
        received
            .iter()
            .all(|r| r.authorization.as_deref() != Some("[REDACTED]"))
    );
    for secret in [
        SECRET,
        "tok-acme-erp-77aa01",
        "tok-globex-crm-5c3e",
        "tok-globex-erp-9b21",
    ] {
        assert!(!run.stdout.contains(secret) && !run.stderr.contains(secret));
    }
    // CI gets plain progress lines.
    assert!(
        run.stderr.contains("drift: 25/25 fixtures"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_undrifted_sandbox_passes_and_unreachable_systems_are_findings() {
    let s = registry();
    let served = Served::start(&s, Drift::None);
    let run = drift(&s, &served, &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("no findings"), "{}", run.transcript());
    // Nothing listens on port 9 of loopback: a finding, not a crash.
    let run = s.run(&[
        "drift",
        "--env",
        "sandbox",
        "--base-url",
        "crm=http://127.0.0.1:9",
        "--base-url",
        "erp=http://127.0.0.1:9",
        "--system",
        "crm",
        "--tenant",
        "globex",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let rules: Vec<String> = findings(&run)
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(rules.len(), 5, "{}", run.transcript());
    assert!(
        rules.iter().all(|r| r == "drift-live-unreachable"),
        "{rules:?}"
    );
    // An unknown environment is unusable input.
    let run = s.run(&["drift", "--env", "production"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("no environment `production` (it has sandbox)"),
        "{}",
        run.stderr
    );
}

#[test]
fn shards_cover_every_fixture_once_and_merge_into_the_whole_run() {
    let s = registry();
    let served = Served::start(&s, Drift::Six);
    let whole = drift(&s, &served, &["--format", "json", "--level", "info"]);
    let first = drift(
        &s,
        &served,
        &["--format", "json", "--level", "info", "--shard", "1/2"],
    );
    let second = drift(
        &s,
        &served,
        &["--format", "json", "--level", "info", "--shard", "2/2"],
    );
    s.write("shard-1.json", &first.stdout);
    s.write("shard-2.json", &second.stdout);
    let merged = s.run(&[
        "report",
        "merge",
        "shard-1.json",
        "shard-2.json",
        "--format",
        "json",
        "--level",
        "info",
    ]);
    assert_eq!(merged.code, 1, "{}", merged.transcript());
    assert_eq!(merged.json(), whole.json());
    // Each shard sent its own fixtures' requests; together each once.
    let ids = |run: &Run| -> Vec<String> {
        let line = run
            .stderr
            .lines()
            .find(|l| l.starts_with("sent the requests of"))
            .unwrap_or_default();
        vec![line.to_owned()]
    };
    assert!(ids(&first)[0].contains("fixtures"), "{}", first.stderr);
    let count = |run: &Run| -> usize {
        run.stderr
            .lines()
            .find_map(|l| l.strip_prefix("sent the requests of "))
            .and_then(|l| l.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    assert_eq!(count(&first) + count(&second), 25);
    assert!(count(&first) > 0 && count(&second) > 0);
}

#[test]
fn a_baseline_accepts_todays_drift_and_fails_on_a_new_one() {
    let s = registry();
    let served = Served::start(&s, Drift::Six);
    let run = drift(&s, &served, &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    s.write("tonight.json", &run.stdout);
    let update = s.run(&[
        "baseline",
        "update",
        "tonight.json",
        "--expires-in",
        "30",
        "--reason",
        "ERP-1234",
    ]);
    assert_eq!(update.code, 0, "{}", update.transcript());
    let baseline: Value = serde_json::from_str(&s.read("accord-baseline.json")).unwrap();
    let entries = baseline["entries"].as_array().unwrap();
    assert_eq!(entries.len(), findings(&run).len());
    for entry in entries {
        assert_eq!(entry["fingerprint"].as_str().unwrap().len(), 16);
        assert_eq!(entry["reason"], "ERP-1234");
        assert!(entry["expires"].is_string() && entry["first_seen"] == entry["last_seen"]);
    }
    // The same drift again: accepted.
    let again = drift(&s, &served, &["--baseline", "accord-baseline.json"]);
    assert_eq!(again.code, 0, "{}", again.transcript());
    assert!(again.stdout.contains("baselined"), "{}", again.stdout);
    // One new drift: only it fails.
    *served.sandbox.drift.lock().unwrap() = Drift::SixAndOne;
    let new = drift(
        &s,
        &served,
        &["--baseline", "accord-baseline.json", "--format", "json"],
    );
    assert_eq!(new.code, 1, "{}", new.transcript());
    let failing: Vec<Value> = findings(&new)
        .into_iter()
        .filter(|f| f["baselined"] != true)
        .collect();
    assert_eq!(
        rules_and_fixtures(&failing),
        [(
            "drift-status-changed".to_owned(),
            "crm-acme-get-account-hq".to_owned()
        )]
    );
    assert_eq!(new.json()["summary"]["baselined"], entries.len());
    // A baseline that is not one is unusable input.
    s.write("broken.json", "{\"entries\": 3}");
    let bad = drift(&s, &served, &["--baseline", "broken.json"]);
    assert_eq!(bad.code, 2, "{}", bad.transcript());
}

#[test]
fn record_reviews_then_rewrites_what_changed_redacted() {
    let s = registry();
    // One request of its own for the ERP, beside the fixtures'.
    let config = s.read("accord.yaml");
    let listed = config.replace(
        "    concurrency: 4\n",
        "    concurrency: 4\n    requests:\n      - {id: erp-acme-item-880-again, system: erp, tenant: acme, path: /items/880, headers: {Accept: application/json, X-Tenant-Id: acme}}\n",
    );
    assert_ne!(config, listed);
    s.write("accord.yaml", listed);
    let served = Served::start(&s, Drift::Six);
    let before = s.read("fixtures/erp/acme/get-item.yaml");
    let review = live(
        &s,
        &served,
        "record",
        &[
            "--review",
            "--fail-on",
            "warning",
            "--system",
            "erp",
            "--tenant",
            "acme",
            "--format",
            "json",
            "--level",
            "info",
        ],
    );
    assert_eq!(review.code, 1, "{}", review.transcript());
    let pairs = rules_and_fixtures(&findings(&review));
    assert!(
        pairs.contains(&(
            "drift-field-removed".to_owned(),
            "erp-acme-get-customer".to_owned()
        )),
        "{pairs:?}"
    );
    assert!(
        pairs.contains(&(
            "drift-field-added".to_owned(),
            "erp-acme-get-sales-order".to_owned()
        )),
        "{pairs:?}"
    );
    assert_eq!(
        s.read("fixtures/erp/acme/get-item.yaml"),
        before,
        "--review writes nothing"
    );
    let record = live(
        &s,
        &served,
        "record",
        &["--system", "erp", "--tenant", "acme"],
    );
    assert_eq!(record.code, 0, "{}", record.transcript());
    let after = s.read("fixtures/erp/acme/get-item.yaml");
    assert!(after.contains("itemType: kitItem"), "{after}");
    assert!(after.contains("Authorization: \"[REDACTED]\""), "{after}");
    let customer = s.read("fixtures/erp/acme/get-customer.yaml");
    assert!(!customer.contains("terms:"), "{customer}");
    // Personal data stays redacted (accord.yaml's `$.email`).
    assert!(customer.contains("email: \"[REDACTED]\""), "{customer}");
    assert!(
        record.stderr.contains("1 new, 3 rewritten"),
        "{}",
        record.stderr
    );
    let listed = s.read("fixtures/erp/acme/erp-acme-item-880-again.yaml");
    assert!(
        listed.contains("operation: GET /items/{itemId}"),
        "{listed}"
    );
    assert!(
        listed.contains("status: 200") && listed.contains("itemType: kitItem"),
        "{listed}"
    );
    // Recording again changes nothing more.
    let again = live(
        &s,
        &served,
        "record",
        &["--system", "erp", "--tenant", "acme"],
    );
    assert!(
        again.stderr.contains("0 new, 0 rewritten"),
        "{}",
        again.stderr
    );
}

#[test]
fn unsafe_methods_go_only_with_the_opt_in_and_the_budget_caps_each_host() {
    let s = registry();
    let config = s.read("accord.yaml");
    let opted_in = config.replace(
        "    allowed_methods: [GET, HEAD, OPTIONS]\n",
        "    allowed_methods: [GET, HEAD, OPTIONS, POST, PATCH]\n    request_budget: 12\n    retries: 0\n",
    );
    assert_ne!(
        config, opted_in,
        "accord.yaml has the sandbox's allowed_methods line"
    );
    s.write("accord.yaml", opted_in);
    let served = Served::start(&s, Drift::None);
    let run = drift(&s, &served, &["--format", "json", "--level", "info"]);
    let received = served.received();
    // Both systems are on the one loopback host here: 12 requests in all.
    assert_eq!(received.len(), 12, "{received:?}");
    let rules: Vec<String> = findings(&run)
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
        .collect();
    let over = rules
        .iter()
        .filter(|r| *r == "drift-budget-exhausted")
        .count();
    // 25 fixtures, one recorded 429 not sent, 12 sent, 12 over budget.
    assert_eq!(over, 12, "{}", run.transcript());
    assert_eq!(
        rules
            .iter()
            .filter(|r| *r == "drift-request-not-sent")
            .count(),
        1
    );
    assert_eq!(
        run.code,
        0,
        "budget findings are warnings: {}",
        run.transcript()
    );

    // Without the budget every request goes, POST and PATCH among them,
    // and the undrifted sandbox answers them all as recorded.
    s.write(
        "accord.yaml",
        s.read("accord.yaml")
            .replace("    request_budget: 12\n", ""),
    );
    let run = drift(&s, &served, &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(findings(&run), Vec::<Value>::new(), "{}", run.transcript());
    let methods: std::collections::BTreeSet<String> =
        served.received().iter().map(|r| r.method.clone()).collect();
    assert_eq!(
        methods.into_iter().collect::<Vec<_>>(),
        ["GET", "PATCH", "POST"],
    );
}

#[test]
fn the_nightly_workflow_is_a_sharded_matrix_with_a_merged_report() {
    let path = crate::support::repo_root().join(".github/workflows/nightly-drift.yml");
    let document = accord::load::Document::read(&path).expect("valid YAML");
    let root = &document.root;
    assert!(root["on"]["schedule"][0]["cron"].is_string());
    assert_eq!(
        root["jobs"]["drift"]["strategy"]["matrix"]["shard"],
        json!([1, 2, 3, 4])
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("drift --env sandbox --shard ${{ matrix.shard }}/4"));
    assert!(text.contains("report merge shards/*.json"));
    // Every credential accord.yaml names comes from a secret.
    let config =
        accord::config::Config::read(&crate::support::repo_root().join("accord.yaml")).unwrap();
    for systems in config.environments["sandbox"].credentials.values() {
        for variable in systems.values() {
            assert!(
                text.contains(&format!("{variable}: ${{{{ secrets.{variable} }}}}")),
                "{variable}"
            );
        }
    }
}

#[test]
fn a_request_that_outlasts_the_timeout_is_a_finding() {
    let s = registry();
    let config = s.read("accord.yaml");
    let impatient = config.replace(
        "    timeout_seconds: 20\n",
        "    timeout_seconds: 1\n    retries: 0\n",
    );
    assert_ne!(config, impatient);
    s.write("accord.yaml", impatient);
    let served = Served::start(&s, Drift::Slow);
    let run = drift(
        &s,
        &served,
        &["--format", "json", "--system", "crm", "--tenant", "acme"],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    let found = findings(&run);
    assert_eq!(
        rules_and_fixtures(&found),
        [(
            "drift-live-unreachable".to_owned(),
            "crm-acme-get-account-hq".to_owned()
        )]
    );
    assert_eq!(
        found[0]["message"],
        "no answer after 1 attempt: no answer within 1 s"
    );
}

/// Every file below `dir`, with its contents (lossy UTF-8).
fn everything_written(dir: &std::path::Path) -> Vec<(std::path::PathBuf, String)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
                files.push((path, text));
            }
        }
    }
    files
}

#[test]
fn credentials_stay_with_the_configured_origin_and_never_reach_disk_or_output() {
    let s = registry();
    // The ERP takes its key in a header of its own, as many APIs do.
    let config = s.read("accord.yaml");
    let keyed = config.replace(
        "erp: {base_url: https://erp.sandbox.accord.example/services/rest/record/v2}",
        "erp: {base_url: https://erp.sandbox.accord.example/services/rest/record/v2, auth_header: X-Api-Key, auth_scheme: ''}",
    );
    assert_ne!(config, keyed);
    s.write("accord.yaml", keyed);
    let served = Served::start(&s, Drift::Echo);
    // Another origin (another port of loopback), which must never see a key.
    let elsewhere = Served::start(&s, Drift::None);
    *served.sandbox.elsewhere.lock().unwrap() = elsewhere.server.uri();

    let mut outputs = Vec::new();
    for format in [
        "text", "json", "markdown", "github", "sarif", "junit", "html",
    ] {
        let run = drift(&s, &served, &["--format", format, "--level", "info"]);
        assert_eq!(run.code, 1, "{format}: {}", run.transcript());
        outputs.push((format!("drift --format {format}"), run.transcript()));
        if format == "json" {
            let redirected: Vec<Value> = findings(&run)
                .into_iter()
                .filter(|f| f["rule"] == "drift-live-redirected")
                .collect();
            assert_eq!(redirected.len(), 1, "{}", run.stdout);
            assert_eq!(redirected[0]["fixture"], "erp-acme-get-customer");
            let message = redirected[0]["message"].as_str().unwrap();
            assert!(message.contains(&elsewhere.server.uri()), "{message}");
            assert!(
                !message.contains("from=erp"),
                "the query is not quoted: {message}"
            );
        }
    }
    let record = live(&s, &served, "record", &[]);
    outputs.push(("record".to_owned(), record.transcript()));
    assert!(
        record.stderr.contains("rewritten"),
        "{}",
        record.transcript()
    );
    let written = everything_written(s.path());
    let echoed = s.read("fixtures/crm/acme/get-account-hq.yaml");
    // (`echoAuth` is a secret by its name too: its word `auth`.)
    assert!(echoed.contains("echoAuth: \"[REDACTED]\""), "{echoed}");
    assert!(echoed.contains("sent with Bearer [REDACTED]!"), "{echoed}");
    for token in TOKENS {
        for (what, text) in &outputs {
            assert!(!text.contains(token), "{what} shows {token}:\n{text}");
        }
        for (path, text) in &written {
            assert!(!text.contains(token), "{} holds {token}", path.display());
        }
    }
    assert!(
        elsewhere.received().is_empty(),
        "the other origin was called: {:?}",
        elsewhere.received()
    );
}
