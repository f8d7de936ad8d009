//! `record-deployment` and `can-i-deploy`: consumer versions (Pact files
//! registered under consumer subjects) and provider versions in the
//! registry, deployments recorded on the registry branch, and the answer
//! for every pair.

use serde_json::Value;

use crate::check::{edit, registry_with};
use crate::support::Scratch;

const PORTAL: &str = "consumers/billing-portal/billing-portal-crm.json";

fn ok(s: &Scratch, args: &[&str]) {
    let run = s.run(args);
    assert_eq!(run.code, 0, "{args:?}\n{}", run.transcript());
}

fn register(s: &Scratch, file: &str, subject: &str, version: &str) {
    ok(
        s,
        &["register", file, "--subject", subject, "--version", version],
    );
}

/// Records the portal's `version` as deployed to production.
fn deploy_portal(s: &Scratch, version: &str) {
    ok(
        s,
        &[
            "record-deployment",
            "--subject",
            "billing-portal",
            "--version",
            version,
            "--env",
            "production",
        ],
    );
}

fn can_i_deploy(s: &Scratch, version: &str) -> (i32, Value) {
    let run = s.run(&[
        "can-i-deploy",
        "--subject",
        "crm-api",
        "--version",
        version,
        "--to",
        "production",
        "--format",
        "json",
    ]);
    (run.code, run.json())
}

#[test]
fn can_i_deploy_answers_for_the_consumer_versions_deployed() {
    let (s, git) = registry_with(&[]);
    let crm = "contracts/apis/crm.yaml";
    // Provider 1.0.0 and consumer 1.0.0, which reads the postal code of a
    // billing address as a string.
    register(&s, crm, "crm-api", "1.0.0");
    register(&s, PORTAL, "billing-portal", "1.0.0");
    // Consumer 2.0.0 no longer reads it.
    let mut pact: Value = serde_json::from_str(&s.read(PORTAL)).expect("json");
    let first = &mut pact["interactions"][0]["response"];
    first["body"]["BillingAddress"]
        .as_object_mut()
        .expect("address")
        .remove("postalCode");
    first["matchingRules"]["body"]
        .as_object_mut()
        .expect("rules")
        .remove("$.BillingAddress.postalCode");
    s.write(PORTAL, serde_json::to_string_pretty(&pact).expect("json"));
    register(&s, PORTAL, "billing-portal", "2.0.0");
    // Provider 2.0.0 makes it an integer (a major version: it breaks).
    edit(
        &s,
        crm,
        "        postalCode: {type: string, nullable: true}",
        "        postalCode: {type: integer, nullable: true}",
    );
    register(&s, crm, "crm-api", "2.0.0");
    git.commit_all("the versions registered");

    // Production runs the portal 1.0.0: provider 2.0.0 breaks it, 1.0.0 not.
    deploy_portal(&s, "1.0.0");
    let (code, json) = can_i_deploy(&s, "2.0.0");
    assert_eq!(code, 1, "{json}");
    assert_eq!(json["deployable"], false);
    let row = &json["matrix"][0];
    assert_eq!(
        (row["consumer"].as_str(), row["version"].as_str()),
        (Some("billing-portal"), Some("1.0.0"))
    );
    assert_eq!(row["ok"], false);
    assert_eq!(
        row["findings"][0]["rule"],
        "consumer-expectation-unsupported"
    );
    assert!(
        row["findings"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("BillingAddress.postalCode")),
        "{row}"
    );
    let (code, json) = can_i_deploy(&s, "1.0.0");
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["matrix"][0]["ok"], true);

    // The portal 2.0.0 goes to production: provider 2.0.0 can follow.
    deploy_portal(&s, "2.0.0");
    let (code, json) = can_i_deploy(&s, "2.0.0");
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["matrix"][0]["version"], "2.0.0");
    let text = s.run(&[
        "can-i-deploy",
        "--subject",
        "crm-api",
        "--version",
        "2.0.0",
        "--to",
        "production",
    ]);
    assert!(
        text.stdout.contains("yes billing-portal 2.0.0"),
        "{}",
        text.stdout
    );
    let markdown = s.run(&[
        "can-i-deploy",
        "--subject",
        "crm-api",
        "--version",
        "1.0.0",
        "--to",
        "production",
        "--format",
        "markdown",
    ]);
    assert!(
        markdown.stdout.contains("| billing-portal | 2.0.0 | ✅ |"),
        "{}",
        markdown.stdout
    );

    // The deployments are on the registry branch, as registrations are.
    let tip = git
        .repo
        .find_reference("refs/heads/accord-registry")
        .and_then(|r| r.peel_to_tree())
        .expect("the registry branch");
    let entry = tip
        .get_path(std::path::Path::new("deployments/production.json"))
        .expect("deployments/production.json");
    let blob = git.repo.find_blob(entry.id()).expect("blob");
    let deployed: Value = serde_json::from_slice(blob.content()).expect("json");
    assert_eq!(deployed["billing-portal"]["version"], "2.0.0");
    // HEAD and the work tree are untouched by it.
    assert_eq!(
        git.repo
            .head()
            .ok()
            .and_then(|h| h.shorthand().ok().map(str::to_owned))
            .as_deref(),
        Some("feature")
    );

    // Only a registered version can be recorded; a Pact is no API's version.
    let run = s.run(&[
        "record-deployment",
        "--subject",
        "billing-portal",
        "--version",
        "9.9.9",
        "--env",
        "production",
    ]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    let run = s.run(&[
        "register",
        crm,
        "--subject",
        "billing-portal",
        "--version",
        "3.0.0",
    ]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("is a consumer subject"),
        "{}",
        run.stderr
    );
}
