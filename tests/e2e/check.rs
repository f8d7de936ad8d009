//! `accord check`: the pre-merge gate, in temporary git repositories that
//! hold a copy of the bundled example registry.

use crate::support::{Git, Scratch, repo_root};

/// The bundled registry (contracts and accord.yaml) committed on `main`,
/// then a branch `feature` checked out.
fn registry_on_a_branch() -> (Scratch, Git) {
    registry_with(&[])
}

/// [`registry_on_a_branch`] with more of the repository's folders
/// (`fixtures`) committed on `main` too.
pub(crate) fn registry_with(folders: &[&str]) -> (Scratch, Git) {
    let s = Scratch::new();
    s.copy_contracts();
    for folder in folders {
        s.copy_dir_from_repo(folder);
    }
    s.write("accord.yaml", s.read_repo("accord.yaml"));
    let git = Git::init(&s);
    git.commit_all("the registry");
    git.branch("main");
    git.branch("feature");
    (s, git)
}

pub(crate) fn edit(s: &Scratch, file: &str, from: &str, to: &str) {
    let text = s.read(file);
    assert!(text.contains(from), "{file} has no `{from}`");
    s.write(file, text.replacen(from, to, 1));
}

fn findings(run: &crate::support::Run) -> Vec<serde_json::Value> {
    run.json()["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The tenants named by findings of `rule`, sorted.
fn tenants_named(all: &[serde_json::Value], rule: &str) -> Vec<String> {
    let mut tenants: Vec<String> = all
        .iter()
        .filter(|f| f["rule"] == rule)
        .filter_map(|f| f["tenant"].as_str().map(str::to_owned))
        .collect();
    tenants.sort();
    tenants
}

#[test]
fn a_dropped_response_property_fails_the_gate_at_its_line() {
    let (s, git) = registry_on_a_branch();
    edit(
        &s,
        "contracts/apis/crm.yaml",
        "        LastModifiedDate: {type: string, format: date-time}\n      required: [Id, Name, Type, AccountStatus__c, CurrencyIsoCode, CreatedDate, LastModifiedDate]",
        "      required: [Id, Name, Type, AccountStatus__c, CurrencyIsoCode, CreatedDate]",
    );
    git.commit_all("drop LastModifiedDate");
    let run = s.run(&["check", "--base", "main", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let all = findings(&run);
    let removed: Vec<&serde_json::Value> = all
        .iter()
        .filter(|f| f["rule"] == "response-required-property-removed")
        .collect();
    assert!(!removed.is_empty(), "{}", run.transcript());
    // On the file of the pull request, at the schema that lost it.
    let text = s.read("contracts/apis/crm.yaml");
    let account = text.find("    Account:\n").expect("Account");
    let properties_line = text[..account].lines().count() + 3;
    for finding in &removed {
        assert_eq!(
            finding["location"]["file"], "contracts/apis/crm.yaml",
            "{finding}"
        );
        assert_eq!(finding["location"]["line"], properties_line, "{finding}");
        assert_eq!(finding["subject"], "crm-api");
        assert_eq!(finding["owner"], "crm-integration");
        assert!(
            finding["message"]
                .as_str()
                .unwrap_or_default()
                .contains("LastModifiedDate")
        );
    }
    // Nothing else changed.
    assert!(
        all.iter()
            .all(|f| f["level"] != "error" || f["rule"] == "response-required-property-removed"),
        "{all:?}"
    );
    assert!(
        run.stderr.contains("the merge base of main and HEAD"),
        "{}",
        run.stderr
    );

    // The text report names the line and the owner too, for people.
    let run = s.run(&["check", "--base", "main"]);
    assert_eq!(run.code, 1);
    // One change of the shared `Account` schema, shown once with what it
    // reaches.
    assert!(
        run.stdout
            .contains("crm-api (owner: crm-integration) · schema `Account` · 4 operations"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("reaches 4 places in 4 operations: `GET /accounts`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("contracts/apis/crm.yaml:{properties_line}:")),
        "{}",
        run.stdout
    );
}

#[test]
fn the_bundled_registry_passes() {
    // As it is in this repository, against nothing registered.
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["check", "--format", "json"])
        .current_dir(repo_root())
        .output()
        .expect("runs");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    // In a repository of its own: every subject registered, then checked
    // against the registry and against a merge base.
    let (s, git) = registry_on_a_branch();
    let config = s.read("accord.yaml");
    let subjects: Vec<(String, String)> = config
        .lines()
        .filter_map(|l| {
            let (name, rest) = l.trim().split_once(':')?;
            let rest = rest.trim().strip_prefix("{kind:")?;
            let file = rest
                .split("file: ")
                .nth(1)?
                .split(',')
                .next()?
                .trim()
                .to_owned();
            Some((name.trim().to_owned(), file))
        })
        .collect();
    assert!(subjects.len() >= 10, "{subjects:?}");
    for (subject, file) in &subjects {
        let run = s.run(&["register", file, "--subject", subject, "--version", "1.0.0"]);
        assert_eq!(run.code, 0, "{subject}: {}", run.transcript());
    }
    let run = s.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stderr
            .contains(&format!("checked {} contracts", subjects.len())),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("{} unchanged", subjects.len())),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(", 2 tenants"), "{}", run.stderr);
    let run = s.run(&["check", "--base", "main"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        git.repo
            .find_branch("accord-registry", git2::BranchType::Local)
            .is_ok()
    );

    // A change against the registered version is found without --base.
    edit(
        &s,
        "contracts/canonical/order.json",
        "\"required\": [",
        "\"required\": [\"notes\", ",
    );
    let run = s.run(&["check", "--format", "json"]);
    let order: Vec<serde_json::Value> = findings(&run)
        .into_iter()
        .filter(|f| f["subject"] == "order" && f["level"] == "error")
        .collect();
    assert!(!order.is_empty(), "{}", run.transcript());
    assert_eq!(run.code, 1);
}

#[test]
fn a_canonical_change_that_breaks_a_tenant_mapping_names_the_tenant() {
    let (s, _git) = registry_on_a_branch();
    // acme maps account.phone (to CRM Phone and ERP phone); globex does not.
    edit(
        &s,
        "contracts/canonical/account.json",
        "    \"phone\": {\"type\": [\"string\", \"null\"], \"x-pii\": true},\n",
        "",
    );
    let run = s.run(&["check", "--base", "main", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let tenant: Vec<serde_json::Value> = findings(&run)
        .into_iter()
        .filter(|f| f["rule"] == "tenant-mapping-field-missing")
        .collect();
    assert_eq!(tenant.len(), 2, "{tenant:?}");
    for finding in &tenant {
        assert_eq!(finding["tenant"], "acme");
        assert_eq!(finding["location"]["file"], "contracts/tenants/acme.yaml");
        assert!(
            finding["message"]
                .as_str()
                .unwrap_or_default()
                .contains("`phone`"),
            "{finding}"
        );
    }
    let lines: Vec<u64> = tenant
        .iter()
        .filter_map(|f| f["location"]["line"].as_u64())
        .collect();
    let text = s.read("contracts/tenants/acme.yaml");
    for line in lines {
        let shown = text.lines().nth(line as usize - 1).unwrap_or_default();
        assert!(
            shown.trim_start().starts_with("phone:"),
            "line {line}: {shown}"
        );
    }
}

#[test]
fn overlays_that_redefine_or_no_longer_fit_the_canonical_object_name_the_tenant() {
    let (s, _git) = registry_on_a_branch();
    // The canonical account takes a name acme uses for a custom field, and
    // closes itself to custom fields.
    edit(
        &s,
        "contracts/canonical/account.json",
        "\"properties\": {\n",
        "\"additionalProperties\": false,\n  \"properties\": {\n    \"acme_region_code\": {\"type\": \"string\"},\n",
    );
    let run = s.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let all = findings(&run);
    let once = |mut tenants: Vec<String>| {
        tenants.dedup();
        tenants
    };
    assert_eq!(
        once(tenants_named(&all, "tenant-overlay-redefines-field")),
        ["acme"]
    );
    assert_eq!(
        once(tenants_named(&all, "tenant-overlay-incompatible")),
        ["acme", "globex"]
    );
}

#[test]
fn an_api_change_that_breaks_a_mapping_names_every_tenant_it_breaks() {
    let (s, _git) = registry_on_a_branch();
    // Both tenants map the ERP Customer's companyName; globex's mapping of
    // the CRM Account is the only one with NumberOfEmployees.
    edit(
        &s,
        "contracts/apis/crm.yaml",
        "NumberOfEmployees: {type: integer",
        "NumberOfEmployees: {type: object",
    );
    let run = s.run(&["check", "--format", "json"]);
    let mismatches: Vec<serde_json::Value> = findings(&run)
        .into_iter()
        .filter(|f| f["rule"] == "tenant-mapping-type-mismatch")
        .collect();
    assert_eq!(mismatches.len(), 1, "{}", run.transcript());
    assert_eq!(mismatches[0]["tenant"], "globex");
    assert_eq!(mismatches[0]["subject"], "crm-api");
    assert_eq!(run.code, 1);
}

#[test]
fn a_shallow_clone_without_the_merge_base_says_how_to_fix_it() {
    let (s, git) = registry_on_a_branch();
    edit(
        &s,
        "contracts/apis/crm.yaml",
        "Name: {type: string, maxLength: 255}",
        "Name: {type: string, maxLength: 128}",
    );
    git.commit_all("shorter names");
    let clone = Scratch::new();
    let url = format!("file://{}", s.path().display());
    let cloned = std::process::Command::new("git")
        .args([
            "clone", "--quiet", "--depth", "1", "--branch", "feature", &url, ".",
        ])
        .current_dir(clone.path())
        .output();
    let Ok(cloned) = cloned else {
        eprintln!("skipped: no git binary to make a shallow clone with");
        return;
    };
    assert!(
        cloned.status.success(),
        "{}",
        String::from_utf8_lossy(&cloned.stderr)
    );
    let run = clone.run(&["check", "--base", "origin/main"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("shallow clone"), "{}", run.stderr);
    assert!(run.stderr.contains("fetch-depth: 0"), "{}", run.stderr);
}

#[test]
fn a_renamed_api_schema_and_an_unknown_object_are_named() {
    let (s, _git) = registry_on_a_branch();
    edit(
        &s,
        "contracts/apis/erp.yaml",
        "    Customer:\n",
        "    CustomerRecord:\n",
    );
    let text = s.read("contracts/apis/erp.yaml").replace(
        "#/components/schemas/Customer'",
        "#/components/schemas/CustomerRecord'",
    );
    s.write("contracts/apis/erp.yaml", text);
    edit(
        &s,
        "contracts/tenants/globex.yaml",
        "overlays:\n",
        "overlays:\n  acount: {properties: {x: {type: string}}}\n",
    );
    let run = s.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let all = findings(&run);
    assert_eq!(
        tenants_named(&all, "tenant-mapping-schema-missing"),
        ["acme", "globex"],
        "{all:?}"
    );
    assert_eq!(
        tenants_named(&all, "tenant-overlay-unknown-object"),
        ["globex"],
        "{all:?}"
    );
}

#[test]
fn a_contract_change_that_recorded_reality_contradicts_fails_naming_the_fixtures() {
    let (s, git) = registry_on_a_branch();
    s.copy_dir_from_repo("fixtures");
    git.commit_all("fixtures");
    git.branch("main-with-fixtures");
    // Narrowing a response enum breaks no client by the rules, but the CRM
    // really answers `Customer`, as the recordings show.
    edit(
        &s,
        "contracts/apis/crm.yaml",
        "          type: string\n          enum: [Customer, Prospect, Partner, Reseller, Vendor]\n",
        "          type: string\n          enum: [Prospect, Partner, Reseller, Vendor]\n",
    );
    let run = s.run(&["check", "--base", "main-with-fixtures", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let mut fixtures: Vec<String> = findings(&run)
        .iter()
        .filter(|f| f["rule"] == "fixture-response-invalid")
        .filter_map(|f| f["fixture"].as_str().map(str::to_owned))
        .collect();
    fixtures.sort();
    fixtures.dedup();
    assert!(
        fixtures.contains(&"crm-acme-get-account-hq".to_owned()),
        "{fixtures:?}"
    );
    assert!(
        fixtures.contains(&"crm-globex-get-account".to_owned()),
        "{fixtures:?}"
    );
    assert!(
        run.stderr
            .contains("consumer interactions against the changed contracts"),
        "{}",
        run.stderr
    );
    // The ERP contract did not change: its fixtures were not judged again.
    assert!(
        findings(&run).iter().all(|f| !f["fixture"]
            .as_str()
            .unwrap_or_default()
            .starts_with("erp-")),
        "{}",
        run.stdout
    );
}
