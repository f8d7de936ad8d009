//! Who a change affects: findings of `check` and `diff` name the tenants
//! whose fixtures use what changed (with the fixture and line), say when no
//! known consumer uses it, and the opt-in gate `unused_breaking` lets the
//! latter through while the former still fails.

use serde_json::Value;

use crate::check::{edit, registry_with};
use crate::support::{Git, Scratch};

/// The bundled registry with its fixtures committed on `main`, then a
/// branch `feature` checked out.
fn registry_with_fixtures() -> (Scratch, Git) {
    registry_with(&["fixtures"])
}

/// `LastModifiedDate` no longer in the account the CRM answers: every
/// tenant's fixtures of `GET /accounts/{accountId}` read it.
fn drop_last_modified(s: &Scratch) {
    edit(
        s,
        "contracts/apis/crm.yaml",
        "        LastModifiedDate: {type: string, format: date-time}\n      required: [Id, Name, Type, AccountStatus__c, CurrencyIsoCode, CreatedDate, LastModifiedDate]",
        "      required: [Id, Name, Type, AccountStatus__c, CurrencyIsoCode, CreatedDate]",
    );
}

/// A shorter `Name` in what `PATCH /accounts/{accountId}` takes: no fixture
/// calls that operation.
fn shorten_patched_name(s: &Scratch) {
    edit(
        s,
        "contracts/apis/crm.yaml",
        "    AccountPatch:\n      type: object\n      properties:\n        Name: {type: string, minLength: 1, maxLength: 255}",
        "    AccountPatch:\n      type: object\n      properties:\n        Name: {type: string, minLength: 1, maxLength: 100}",
    );
}

/// Turns the opt-in gate on (`unused_breaking: warning`); returns
/// accord.yaml as it was.
fn with_gate(s: &Scratch) -> String {
    let config = s.read("accord.yaml");
    s.write(
        "accord.yaml",
        format!("{config}\ngate:\n  unused_breaking: warning\n"),
    );
    config
}

fn of_rule<'a>(run: &'a Value, rule: &str) -> Vec<&'a Value> {
    run["findings"]
        .as_array()
        .map(|all| all.iter().filter(|f| f["rule"] == rule).collect())
        .unwrap_or_default()
}

/// The line of the first line of `file` that contains `text`.
fn line_of(s: &Scratch, file: &str, text: &str) -> u64 {
    let content = s.read(file);
    let index = content
        .lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("{file} has no `{text}`"));
    index as u64 + 1
}

#[test]
fn a_removed_field_a_tenant_reads_names_its_fixture_and_line() {
    let (s, git) = registry_with_fixtures();
    drop_last_modified(&s);
    shorten_patched_name(&s);
    git.commit_all("drop LastModifiedDate, shorten the patched name");
    let run = s.run(&["check", "--base", "main", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let json = run.json();

    // The removal reaches acme's recording of its headquarters, at the line
    // that holds the field.
    let removed = of_rule(&json, "response-required-property-removed");
    let get_one = removed
        .iter()
        .find(|f| f["operation"] == "GET /accounts/{accountId}")
        .unwrap_or_else(|| panic!("{}", run.stdout));
    let affects = get_one["affects"].as_array().expect("affects");
    let acme = affects
        .iter()
        .find(|a| a["kind"] == "tenant" && a["name"] == "acme")
        .unwrap_or_else(|| panic!("{affects:?}"));
    let hq = "fixtures/crm/acme/get-account-hq.yaml";
    let line = line_of(&s, hq, "LastModifiedDate:");
    assert!(
        acme["evidence"]
            .as_array()
            .expect("evidence")
            .iter()
            .any(|e| {
                e["via"] == "fixture"
                    && e["name"] == "crm-acme-get-account-hq"
                    && e["file"] == hq
                    && e["line"] == line
            }),
        "{acme}"
    );
    assert_eq!(acme["uses"], 2, "{acme}");
    assert!(affects.iter().any(|a| a["name"] == "globex"), "{affects:?}");
    // Where no fixture calls the operation, the finding says nobody known
    // uses it (an empty list, not an absent one).
    let unused = of_rule(&json, "request-property-max-length-decreased");
    assert!(!unused.is_empty(), "{}", run.stdout);
    for f in &unused {
        assert_eq!(f["affects"], Value::Array(Vec::new()), "{f}");
        assert_eq!(f["level"], "error", "{f}");
    }
    // Findings that are not about the API's use carry no `affects`.
    assert!(
        json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["rule"]
                .as_str()
                .is_some_and(|r| r.starts_with("fixture-")))
            .all(|f| f.get("affects").is_none()),
        "{}",
        run.stdout
    );

    // People read it grouped by who is affected.
    let run = s.run(&["check", "--base", "main"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("affects tenant acme (")
            && run.stdout.contains(&format!("{hq}:{line}")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("affects no known consumer"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Who is affected\n"), "{}", run.stdout);
    assert!(
        run.stdout.contains("  no known consumer: 1 error"),
        "{}",
        run.stdout
    );
    let markdown = s.run(&["check", "--base", "main", "--format", "markdown"]);
    assert!(
        markdown
            .stdout
            .contains("| who is affected | error | warning | info |")
            && markdown.stdout.contains("| tenant acme |"),
        "{}",
        markdown.stdout
    );
    let html = s.run(&["check", "--base", "main", "--format", "html"]);
    assert!(
        html.stdout.contains(r#"<select name="affects">"#)
            && html
                .stdout
                .contains(r#"data-affects="|no known consumer|""#),
        "{}",
        html.stdout
    );

    // `diff` of the same file says the same, from accord.yaml's systems.
    let diff = s.run(&[
        "diff",
        "main:contracts/apis/crm.yaml",
        "contracts/apis/crm.yaml",
        "--format",
        "json",
    ]);
    let json = diff.json();
    let removed = of_rule(&json, "response-required-property-removed");
    assert!(
        removed
            .iter()
            .any(|f| f["affects"].as_array().is_some_and(|a| !a.is_empty())),
        "{}",
        diff.transcript()
    );
}

#[test]
fn the_opt_in_gate_lets_through_only_what_nobody_uses() {
    let (s, git) = registry_with_fixtures();
    shorten_patched_name(&s);
    git.commit_all("shorten the patched name");
    // By default every breaking change fails the gate.
    let run = s.run(&["check", "--base", "main"]);
    assert_eq!(run.code, 1, "{}", run.transcript());

    let config = with_gate(&s);
    let run = s.run(&["check", "--base", "main", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let json = run.json();
    let let_through = of_rule(&json, "request-property-max-length-decreased");
    assert!(!let_through.is_empty(), "{}", run.stdout);
    for f in &let_through {
        assert_eq!(f["level"], "warning", "{f}");
        assert!(
            f["let_through"]
                .as_str()
                .is_some_and(|why| why.starts_with("no known consumer uses it")),
            "{f}"
        );
    }
    assert!(
        run.stderr.contains("let through 1 breaking change"),
        "{}",
        run.stderr
    );
    let text = s.run(&["check", "--base", "main"]);
    assert!(
        text.stdout
            .contains("let through: no known consumer uses it"),
        "{}",
        text.stdout
    );

    // A change that a tenant's fixture uses still fails, under the gate.
    drop_last_modified(&s);
    let run = s.run(&["check", "--base", "main", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let json = run.json();
    for f in of_rule(&json, "response-required-property-removed") {
        if f["operation"] == "GET /accounts/{accountId}" {
            assert_eq!(f["level"], "error", "{f}");
            assert!(f.get("let_through").is_none(), "{f}");
        }
    }

    // A subject may say otherwise than the global setting.
    s.write(
        "accord.yaml",
        format!(
            "{}\ngate:\n  unused_breaking: warning\n",
            config.replace(
                "crm-api:       {kind: api, file: contracts/apis/crm.yaml,           owner: crm-integration}",
                "crm-api:       {kind: api, file: contracts/apis/crm.yaml,           owner: crm-integration, gate: {unused_breaking: error}}",
            )
        ),
    );
    let json = s
        .run(&["check", "--base", "main", "--format", "json"])
        .json();
    for f in of_rule(&json, "request-property-max-length-decreased") {
        assert_eq!(f["level"], "error", "{f}");
    }
}

#[test]
fn impact_shows_only_the_changes_that_reach_what_is_used() {
    let (s, git) = registry_with_fixtures();
    drop_last_modified(&s);
    shorten_patched_name(&s);
    git.commit_all("drop LastModifiedDate, shorten the patched name");
    let run = s.run(&[
        "impact",
        "main:contracts/apis/crm.yaml",
        "contracts/apis/crm.yaml",
        "--format",
        "json",
    ]);
    // The removal reaches the tenants' fixtures: a breaking change that
    // reaches them fails, as `diff` would.
    assert_eq!(run.code, 1, "{}", run.transcript());
    let json = run.json();
    let rules: std::collections::BTreeSet<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert_eq!(
        rules,
        std::collections::BTreeSet::from(["response-required-property-removed"]),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("1 of 2 changes reach what you use (1 error); the other 1 reach nothing"),
        "{}",
        run.stderr
    );
    // With only the change nobody uses, nothing is shown and nothing fails.
    edit(
        &s,
        "contracts/apis/crm.yaml",
        "      required: [Id, Name, Type, AccountStatus__c, CurrencyIsoCode, CreatedDate]",
        "        LastModifiedDate: {type: string, format: date-time}\n      required: [Id, Name, Type, AccountStatus__c, CurrencyIsoCode, CreatedDate, LastModifiedDate]",
    );
    let run = s.run(&[
        "impact",
        "main:contracts/apis/crm.yaml",
        "contracts/apis/crm.yaml",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("no findings"), "{}", run.stdout);
    assert!(
        run.stderr.contains("0 of 1 changes reach what you use"),
        "{}",
        run.stderr
    );
    // A contract nothing is known of: impact says what it needs.
    s.write("other.yaml", s.read("contracts/apis/crm.yaml"));
    let run = s.run(&["impact", "other.yaml", "other.yaml"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("--fixtures DIR"), "{}", run.stderr);
}

#[test]
fn removing_fields_nobody_reads_fails_only_without_the_gate() {
    let (s, git) = registry_with_fixtures();
    // What `PATCH /accounts/{accountId}` answers loses every field but two:
    // no fixture, mapping or consumer calls that operation.
    edit(
        &s,
        "contracts/apis/crm.yaml",
        "          description: The updated account.\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Account'}",
        "          description: The updated account.\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  Id: {$ref: '#/components/schemas/RecordId'}\n                  Name: {type: string, maxLength: 255}\n                required: [Id, Name]",
    );
    git.commit_all("PATCH answers less");
    let run = s.run(&["check", "--base", "main", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let json = run.json();
    let removed = of_rule(&json, "response-required-property-removed");
    assert!(!removed.is_empty(), "{}", run.stdout);
    for f in &removed {
        assert_eq!(f["operation"], "PATCH /accounts/{accountId}", "{f}");
        assert_eq!(f["affects"], Value::Array(Vec::new()), "{f}");
    }

    with_gate(&s);
    let run = s.run(&["check", "--base", "main", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    for f in of_rule(&run.json(), "response-required-property-removed") {
        assert_eq!(f["level"], "warning", "{f}");
    }
    // The same removal where tenants read it still fails.
    drop_last_modified(&s);
    let run = s.run(&["check", "--base", "main"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
}
