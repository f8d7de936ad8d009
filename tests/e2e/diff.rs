//! `accord diff BASE REVISION` on OpenAPI documents.

use crate::support::{Git, Run, Scratch};

/// The bundled ERP API with one required response property (`entityId`
/// of `Customer`) removed from the revision.
fn erp_without_entity_id(s: &Scratch) {
    s.copy_contracts();
    let base = s.read("contracts/apis/erp.yaml");
    let revision = base
        .replace(
            "        entityId: {type: string, description: The customer number shown to users.}\n",
            "",
        )
        .replace(
            "required: [id, entityId, companyName,",
            "required: [id, companyName,",
        );
    assert_ne!(base, revision, "the edit applies");
    s.write("contracts/apis/erp-next.yaml", revision);
}

/// `accord diff` of the ERP API and its edited copy, with `extra` options.
fn diff_erp(s: &Scratch, extra: &[&str]) -> Run {
    let mut args = vec![
        "diff",
        "contracts/apis/erp.yaml",
        "contracts/apis/erp-next.yaml",
    ];
    args.extend_from_slice(extra);
    s.run(&args)
}

#[test]
fn a_removed_response_property_fails_with_its_place_in_the_base() {
    let s = Scratch::new();
    erp_without_entity_id(&s);
    let run = diff_erp(&s, &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let report = run.json();
    let findings = report["findings"].as_array().expect("findings");
    let removed: Vec<_> = findings
        .iter()
        .filter(|f| f["rule"] == "response-required-property-removed")
        .collect();
    let operations: Vec<&str> = removed
        .iter()
        .filter_map(|f| f["operation"].as_str())
        .collect();
    // Customer is the response of these operations, directly or in a page.
    for op in [
        "GET /customers",
        "POST /customers",
        "GET /customers/{customerId}",
    ] {
        assert!(
            operations.contains(&op),
            "no finding for {op}: {operations:?}"
        );
    }
    let get = removed
        .iter()
        .find(|f| f["operation"] == "GET /customers/{customerId}")
        .expect("GET finding");
    assert_eq!(get["level"], "error");
    assert_eq!(
        get["message"],
        "required property `entityId` was removed from the `200` response"
    );
    let location = &get["location"];
    assert_eq!(location["file"], "contracts/apis/erp.yaml");
    assert_eq!(
        location["pointer"],
        "/components/schemas/Customer/properties/entityId"
    );
    let line = location["line"].as_u64().expect("a line") as usize;
    assert!(line > 0);
    let base = s.read("contracts/apis/erp.yaml");
    let text = base.lines().nth(line - 1).expect("the line exists");
    let column = location["column"].as_u64().expect("a column") as usize;
    assert!(
        text[column - 1..].starts_with("entityId:"),
        "line {line} column {column} is `{text}`"
    );
    assert_eq!(
        report["summary"]["error"].as_u64(),
        Some(removed.len() as u64)
    );
}

#[test]
fn the_json_report_has_exactly_the_designed_shape() {
    let s = Scratch::new();
    erp_without_entity_id(&s);
    let report = diff_erp(&s, &["--format", "json"]).json();
    let keys = |v: &serde_json::Value| -> Vec<String> {
        v.as_object().expect("an object").keys().cloned().collect()
    };
    assert_eq!(
        keys(&report),
        ["tool", "version", "findings", "summary", "compared"]
    );
    assert_eq!(
        report["compared"],
        serde_json::json!({
            "base": {"document": "contracts/apis/erp.yaml", "kind": "OpenAPI 3.1.0", "dialect_assumed": false},
            "revision": {"document": "contracts/apis/erp-next.yaml", "kind": "OpenAPI 3.1.0", "dialect_assumed": false}
        })
    );
    assert_eq!(report["tool"], "accord");
    assert_eq!(report["version"], env!("CARGO_PKG_VERSION"));
    let finding = &report["findings"][0];
    assert_eq!(
        keys(finding),
        [
            "rule",
            "level",
            "message",
            "subject",
            "operation",
            "location",
            "tenant",
            "fixture",
            "change"
        ]
    );
    assert_eq!(
        keys(&finding["location"]),
        ["file", "pointer", "line", "column"]
    );
    assert_eq!(
        keys(&report["summary"]),
        ["error", "warning", "info", "changes"]
    );
    assert_eq!(
        keys(&report["summary"]["changes"]),
        ["error", "warning", "info"]
    );
    // The places of one change share its id; the summary counts both.
    let ids: std::collections::BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["change"].as_str().expect("a change id"))
        .collect();
    let changes = &report["summary"]["changes"];
    let total = |s: &serde_json::Value| {
        s["error"].as_u64().unwrap() + s["warning"].as_u64().unwrap() + s["info"].as_u64().unwrap()
    };
    assert_eq!(ids.len() as u64, total(changes));
    assert_eq!(
        report["findings"].as_array().unwrap().len() as u64,
        total(&report["summary"])
    );
    assert!(finding["tenant"].is_null() && finding["fixture"].is_null());
}

#[test]
fn the_text_report_is_grouped_with_file_and_line_on_every_finding() {
    let s = Scratch::new();
    erp_without_entity_id(&s);
    let run = diff_erp(&s, &[]);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn an_identical_pair_is_clean() {
    let s = Scratch::new();
    s.copy_contracts();
    for file in ["crm.yaml", "erp.yaml", "quote-to-cash.yaml"] {
        let path = format!("contracts/apis/{file}");
        let run = s.run(&["diff", &path, &path]);
        assert_eq!(
            (run.code, run.stdout.as_str(), run.stderr.as_str()),
            (0, "no findings\n", ""),
            "{file}"
        );
    }
}

#[test]
fn fail_on_and_level_choose_what_fails_and_what_shows() {
    let s = Scratch::new();
    s.copy_contracts();
    // An optional response property (warning) and a new operation (info).
    let base = s.read("contracts/apis/crm.yaml");
    let revision = base.replace("        Title: {type: string, nullable: true}\n", "").replace(
        "  /opportunities:\n",
        "  /opportunities/search:\n    get:\n      responses:\n        '200': {description: ok}\n  /opportunities:\n",
    );
    s.write("contracts/apis/crm-next.yaml", revision);
    let diff = |extra: &[&str]| {
        let mut args = vec![
            "diff",
            "contracts/apis/crm.yaml",
            "contracts/apis/crm-next.yaml",
        ];
        args.extend_from_slice(extra);
        s.run(&args)
    };
    let default = diff(&[]);
    assert_eq!(
        default.code,
        0,
        "warnings do not fail by default: {}",
        default.transcript()
    );
    assert!(
        default
            .stdout
            .contains("optional property `Title` was removed")
    );
    assert!(!default.stdout.contains("was added"));
    assert!(
        default
            .stdout
            .ends_with("; 1 info not shown (--level info shows them)\n"),
        "{}",
        default.stdout
    );
    assert_eq!(diff(&["--fail-on", "warning"]).code, 1);
    assert_eq!(diff(&["--fail-on", "info"]).code, 1);
    let info = diff(&["--level", "info"]);
    assert!(
        info.stdout
            .contains("`GET /opportunities/search` was added"),
        "{}",
        info.stdout
    );
    let errors_only = diff(&["--level", "error", "--fail-on", "warning"]);
    assert_eq!(errors_only.code, 1, "hidden warnings still fail the run");
    assert!(!errors_only.stdout.contains("Title"));
    s.write(
        "contracts/apis/broken.yaml",
        base.replace(
            "      required: [Id, AccountId, LastName",
            "      required: [Id, LastName",
        ),
    );
    let never = s.run(&[
        "diff",
        "contracts/apis/crm.yaml",
        "contracts/apis/crm-next.yaml",
        "--fail-on",
        "never",
        "--level",
        "info",
    ]);
    assert_eq!(never.code, 0);
}

#[test]
fn a_remote_ref_is_compared_without_the_network_and_with_a_warning() {
    let s = Scratch::new();
    let spec = |extra: &str| {
        format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  money: {{$ref: 'https://schemas.example.com/common.json#/Money'}}\n{extra}"
        )
    };
    s.write(
        "base.yaml",
        spec("                  note: {type: string}\n"),
    );
    s.write("revision.yaml", spec(""));
    let run = s.run(&["diff", "base.yaml", "revision.yaml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains("optional property `note` was removed"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stderr,
        "warning: base.yaml:14:27: remote `$ref` `https://schemas.example.com/common.json#/Money` was not fetched; it is compared as an opaque reference\n\
         warning: revision.yaml:14:27: remote `$ref` `https://schemas.example.com/common.json#/Money` was not fetched; it is compared as an opaque reference\n"
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let s = Scratch::new();
    erp_without_entity_id(&s);
    assert!(
        !diff_erp(&s, &[]).stdout.contains('\x1b'),
        "piped output has no colour"
    );
    assert!(
        diff_erp(&s, &["--color", "always"])
            .stdout
            .contains("\x1b[1;31merror")
    );
}

#[test]
fn refs_across_files_locate_findings_in_the_referenced_file() {
    let s = Scratch::new();
    s.copy_contracts();
    // The canonical invoice loses `amount_due` (required); the process API
    // returns invoices.
    let invoice = s.read("contracts/canonical/invoice.json");
    s.write(
        "next/canonical/invoice.json",
        invoice.replace(
            "    \"amount_due\": {\"$ref\": \"common.json#/$defs/Money\"},\n",
            "",
        ),
    );
    for file in [
        "common.json",
        "order.json",
        "account.json",
        "product.json",
        "subscription.json",
    ] {
        s.write(
            &format!("next/canonical/{file}"),
            s.read(&format!("contracts/canonical/{file}")),
        );
    }
    for file in [
        "envelope.json",
        "invoice.issued.json",
        "order.status_changed.json",
    ] {
        s.write(
            &format!("next/events/{file}"),
            s.read(&format!("contracts/events/{file}")),
        );
    }
    s.write(
        "next/apis/quote-to-cash.yaml",
        s.read("contracts/apis/quote-to-cash.yaml"),
    );
    let run = s.run(&[
        "diff",
        "contracts/apis/quote-to-cash.yaml",
        "next/apis/quote-to-cash.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let report = run.json();
    let finding = report["findings"]
        .as_array()
        .and_then(|f| {
            f.iter()
                .find(|f| f["operation"] == "GET /invoices/{invoiceId}")
        })
        .expect("a finding for GET /invoices/{invoiceId}");
    assert_eq!(finding["rule"], "response-required-property-removed");
    assert_eq!(
        finding["location"]["file"],
        "contracts/canonical/invoice.json"
    );
    assert_eq!(finding["location"]["pointer"], "/properties/amount_due");
    let line = finding["location"]["line"].as_u64().expect("line") as usize;
    assert!(
        invoice
            .lines()
            .nth(line - 1)
            .is_some_and(|l| l.contains("\"amount_due\""))
    );
}

#[test]
fn a_pure_migration_from_openapi_3_0_to_3_1_is_no_change() {
    // `nullable` → a `null` type, boolean → numeric exclusive bounds,
    // `example` → `examples`: the same API spelled in 3.1.
    let s = Scratch::new();
    let run = s.run(&[
        "diff",
        "--level",
        "info",
        &format!(
            "{}/tests/data/migration/accounts-3.0.yaml",
            crate::support::repo_root().display()
        ),
        &format!(
            "{}/tests/data/migration/accounts-3.1.yaml",
            crate::support::repo_root().display()
        ),
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stdout, "no findings\n");
}

#[test]
fn a_schema_moved_into_allof_is_the_same_schema() {
    let s = Scratch::new();
    let base = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /accounts:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [name]\n              properties:\n                name: {type: string}\n      responses: {'200': {description: ok}}\n";
    // The same object, now a `$ref` to a component wrapped in `allOf`.
    let revision = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /accounts:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              allOf: [{$ref: '#/components/schemas/Account'}]\n      responses: {'200': {description: ok}}\ncomponents:\n  schemas:\n    Account:\n      type: object\n      required: [name]\n      properties:\n        name: {type: string}\n";
    s.write("base.yaml", base);
    s.write("revision.yaml", revision);
    let run = s.run(&["diff", "base.yaml", "revision.yaml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let run = s.run(&[
        "diff",
        "--level",
        "info",
        "--format",
        "json",
        "base.yaml",
        "revision.yaml",
    ]);
    // The same schema, written another way: nothing to list, at any level.
    assert_eq!(
        run.json()["findings"],
        serde_json::json!([]),
        "{}",
        run.transcript()
    );
    // A real narrowing in the same shape still fails.
    s.write(
        "narrower.yaml",
        revision.replace("name: {type: string}", "name: {type: string, maxLength: 3}"),
    );
    let run = s.run(&["diff", "base.yaml", "narrower.yaml"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
}

#[test]
fn a_read_only_property_is_judged_in_responses_only() {
    // `created_at` is read-only: clients never send it. Its type changes
    // in a body both requests and responses use.
    let s = Scratch::new();
    let spec = |created: &str, owner: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /accounts:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Account'}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Account'}}\ncomponents:\n  schemas:\n    Account:\n      type: object\n      properties:\n        name: {{type: string}}\n        created_at: {{type: {created}, readOnly: true}}\n        owner:\n          readOnly: true\n          type: object\n          properties:\n            id: {{type: {owner}}}\n"
        )
    };
    s.write("base.yaml", spec("string", "string"));
    s.write("revision.yaml", spec("integer", "integer"));
    let run = s.run(&[
        "diff",
        "--level",
        "info",
        "--format",
        "json",
        "base.yaml",
        "revision.yaml",
    ]);
    let findings = run.json()["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let request: Vec<_> = findings
        .iter()
        .filter(|f| {
            f["rule"]
                .as_str()
                .is_some_and(|r| r.starts_with("request-"))
        })
        .collect();
    // Both changes (the property, and one inside a read-only object) are
    // listed for the request, at info, saying why.
    assert_eq!(request.len(), 2, "{}", run.transcript());
    for f in &request {
        assert_eq!(f["level"], "info", "{f}");
        assert!(f["message"].as_str().unwrap().contains("read-only"), "{f}");
    }
    // In the response they break clients.
    let response_errors = findings
        .iter()
        .filter(|f| f["rule"] == "response-property-type-changed" && f["level"] == "error")
        .count();
    assert_eq!(response_errors, 2, "{}", run.transcript());
    assert_eq!(run.code, 1, "{}", run.transcript());
}

#[test]
fn union_members_merged_or_values_moved_to_a_new_member_are_not_errors() {
    let s = Scratch::new();
    let spec = |methods: &str, generic: &str, extra: &str, tags: &str| {
        format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /payments:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                method:\n                  oneOf: [{methods}]\n                tags:\n                  anyOf: {tags}\n      responses: {{'200': {{description: ok}}}}\ncomponents:\n  schemas:\n    Generic:\n      type: object\n      additionalProperties: false\n      required: [type]\n      properties:\n        type: {{enum: {generic}}}\n    Card:\n      type: object\n      additionalProperties: false\n      required: [type, number]\n      properties:\n        type: {{enum: [card]}}\n        number: {{type: string}}\n{extra}"
        )
    };
    let generic = "{$ref: '#/components/schemas/Generic'}, {$ref: '#/components/schemas/Card'}";
    s.write(
        "base.yaml",
        spec(
            generic,
            "[alipay, twint]",
            "",
            "[{type: array, items: {type: string}}, {type: array, items: {type: integer}}]",
        ),
    );
    // `twint` moves to a member of its own that takes what `Generic` took
    // with it (and more); the two array members merge into one.
    s.write(
        "revision.yaml",
        spec(
            &format!("{generic}, {{$ref: '#/components/schemas/Twint'}}"),
            "[alipay]",
            "    Twint:\n      type: object\n      additionalProperties: false\n      required: [type]\n      properties:\n        type: {enum: [twint]}\n        subtype: {type: string}\n",
            "[{type: array, items: {type: [string, integer]}}]",
        ),
    );
    let run = s.run(&["diff", "--format", "json", "base.yaml", "revision.yaml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let findings = run.json()["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let message = |rule: &str| -> String {
        findings
            .iter()
            .find(|f| f["rule"] == rule)
            .map(|f| format!("{} {}", f["level"], f["message"]))
            .unwrap_or_default()
    };
    let moved = message("request-property-enum-value-removed");
    assert!(moved.starts_with("\"warning\""), "{}", run.transcript());
    assert!(moved.contains("moved: `Twint`"), "{moved}");
    let merged = message("request-property-any-of-removed");
    assert!(merged.is_empty(), "below the default level: {merged}");
    // A value that no member takes any more is still an error.
    s.write(
        "gone.yaml",
        spec(
            generic,
            "[alipay]",
            "",
            "[{type: array, items: {type: string}}]",
        ),
    );
    let run = s.run(&["diff", "--format", "json", "base.yaml", "gone.yaml"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let mut rules: Vec<String> = run.json()["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["level"] == "error")
        .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
        .collect();
    rules.sort();
    assert_eq!(
        rules,
        [
            "request-property-any-of-removed",
            "request-property-enum-value-removed"
        ],
        "{}",
        run.transcript()
    );
}

#[test]
fn severity_levels_and_ignore_files_in_oasdiffs_formats() {
    let s = Scratch::new();
    erp_without_entity_id(&s);
    assert_eq!(diff_erp(&s, &[]).code, 1);
    // Lowered to a warning: no longer fails at the default `--fail-on`.
    s.write(
        "levels.txt",
        "# our policy\nresponse-required-property-removed warning\n",
    );
    let run = diff_erp(&s, &["--severity-levels", "levels.txt"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("warning"), "{}", run.stdout);
    // Accepted, operation by operation (oasdiff's ignore lines).
    let run = diff_erp(&s, &["--format", "json"]);
    let operations: Vec<String> = run.json()["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["level"] == "error")
        .filter_map(|f| f["operation"].as_str().map(str::to_owned))
        .collect();
    let ignores: String = operations
        .iter()
        .map(|op| format!("{op} response-required-property-removed\n"))
        .collect();
    s.write("accepted.txt", ignores);
    let run = diff_erp(&s, &["--err-ignore", "accepted.txt"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    // A bad line is named with its file and number.
    s.write("bad.txt", "response-required-property-removed\n");
    let run = diff_erp(&s, &["--severity-levels", "bad.txt"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bad.txt:1: expected `RULE-ID LEVEL`"),
        "{}",
        run.stderr
    );
}

/// A git repository in `s` with the bundled contracts committed and tagged
/// `v1`, then the ERP API edited (no `entityId`) and committed again.
fn history(s: &Scratch) {
    s.copy_contracts();
    let git = Git::init(s);
    let commit = |message: &str| git.commit_all(message);
    let repo = &git.repo;
    let first = commit("contracts");
    repo.tag_lightweight("v1", &repo.find_object(first, None).expect("object"), false)
        .expect("tag");
    erp_without_entity_id(s);
    std::fs::rename(
        s.path().join("contracts/apis/erp-next.yaml"),
        s.path().join("contracts/apis/erp.yaml"),
    )
    .expect("edit");
    commit("no entityId");
}

#[test]
fn revisions_are_read_from_git_without_a_checkout() {
    let s = Scratch::new();
    history(&s);
    // A tag against the work tree, and two revisions against each other.
    for (base, revision) in [
        ("v1:contracts/apis/erp.yaml", "contracts/apis/erp.yaml"),
        (
            "HEAD~1:contracts/apis/erp.yaml",
            "HEAD:contracts/apis/erp.yaml",
        ),
    ] {
        let run = s.run(&["diff", "--format", "json", base, revision]);
        assert_eq!(run.code, 1, "{}", run.transcript());
        let report = run.json();
        let removed: Vec<&serde_json::Value> = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["rule"] == "response-required-property-removed")
            .collect();
        assert!(!removed.is_empty(), "{}", run.transcript());
        // A removal points into the base, named as the user named it; the
        // `$ref`d files came from the same revision.
        let file = removed[0]["location"]["file"].as_str().expect("file");
        let (rev, _) = base.split_once(':').expect("a spec");
        assert!(file.starts_with(&format!("{rev}:contracts/")), "{file}");
    }
    // Nothing changed between a revision and itself.
    let run = s.run(&[
        "diff",
        "HEAD:contracts/apis/erp.yaml",
        "HEAD:contracts/apis/erp.yaml",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
}

#[test]
fn an_unknown_revision_or_file_in_git_is_named() {
    let s = Scratch::new();
    history(&s);
    let run = s.run(&[
        "diff",
        "nope:contracts/apis/erp.yaml",
        "contracts/apis/erp.yaml",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`nope:contracts/apis/erp.yaml`: no revision `nope`"),
        "{}",
        run.stderr
    );
    let run = s.run(&[
        "diff",
        "v1:contracts/apis/missing.yaml",
        "contracts/apis/erp.yaml",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no file `contracts/apis/missing.yaml` at `v1`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_callbacks_request_is_judged_as_clients_read_it() {
    // The provider sends the callback's request; the client reads it, as
    // it reads a response: a required property dropped from it breaks the
    // client, a property added to it does not.
    let s = Scratch::new();
    let base = s.read_repo("cli/tests/cases/callback-removed/base.yaml");
    s.write("base.yaml", &base);
    let dropped = base.replacen("required: [id, status]", "required: [id]", 1);
    assert_ne!(base, dropped, "the edit applies");
    s.write(
        "dropped.yaml",
        dropped.replacen("status: {type: string}", "", 1),
    );
    let run = s.run(&["diff", "--format", "json", "base.yaml", "dropped.yaml"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let findings = run.json()["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let removed = findings
        .iter()
        .find(|f| f["rule"] == "response-required-property-removed")
        .unwrap_or_else(|| panic!("{}", run.transcript()));
    assert!(
        removed["operation"]
            .as_str()
            .is_some_and(|op| op.contains("callback `orderShipped` of POST /subscriptions")),
        "{removed}"
    );
}
