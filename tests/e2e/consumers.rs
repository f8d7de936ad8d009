//! Consumers: Pact files (v3 and v4, written by hand for the bundled CRM
//! API) imported into accord.yaml, listed with what they use, and named
//! with the interaction and line when a provider change reaches them.

use serde_json::Value;

use crate::check::{edit, registry_with};
use crate::support::{Scratch, repo_root};

const BILLING: &str = "consumers/billing-portal/billing-portal-crm.json";
const SALES: &str = "consumers/sales-app/sales-app-crm.json";

/// A registry without consumers, and the two Pact files to import.
fn registry_without_consumers() -> Scratch {
    let s = Scratch::new();
    s.copy_dir_from_repo("contracts");
    let config = s.read_repo("accord.yaml");
    let cut = config.find("\nconsumers:\n").expect("a consumers section");
    s.write("accord.yaml", &config[..=cut]);
    for (file, to) in [
        (BILLING, "incoming/billing.json"),
        (SALES, "incoming/sales.json"),
    ] {
        let text = std::fs::read_to_string(repo_root().join(file)).expect("pact");
        s.write(to, text);
    }
    s
}

#[test]
fn pacts_of_v3_and_v4_import_and_list_what_they_use() {
    let s = registry_without_consumers();
    let run = s.run(&[
        "consumers",
        "import-pact",
        "incoming/billing.json",
        "--consumer",
        "billing-portal",
        "--owner",
        "billing-team",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("(Pact 3.0.0): 2 interactions, 2 answered by operations of crm-api"),
        "{}",
        run.stderr
    );
    // A v4 file with a bearer token in an example header: the copy keeps
    // no token.
    let mut sales: Value = serde_json::from_str(&s.read("incoming/sales.json")).expect("json");
    sales["interactions"][0]["request"]["headers"]["Authorization"] =
        serde_json::json!(["Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzYWxlcyJ9.c2lnbmF0dXJlMTIz"]);
    s.write("incoming/sales.json", sales.to_string());
    let run = s.run(&[
        "consumers",
        "import-pact",
        "incoming/sales.json",
        "--consumer",
        "sales-app",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stderr.contains("(Pact 4.0)"), "{}", run.stderr);
    let copy = s.read("consumers/sales-app/sales.json");
    assert!(!copy.contains("c2lnbmF0dXJlMTIz"), "{copy}");
    assert!(copy.contains("[REDACTED]"), "{copy}");
    let config = s.read("accord.yaml");
    assert!(
        config.contains("billing-portal: {system: \"crm\", pact: \"consumers/billing-portal/billing.json\", owner: \"billing-team\"}"),
        "{config}"
    );
    // The rest of the file, comments included, is as it was.
    assert!(config.starts_with(&s.read_repo("accord.yaml")[..200]));

    let listed = s.run(&["consumers", "--format", "json"]);
    assert_eq!(listed.code, 0, "{}", listed.transcript());
    let json = listed.json();
    let consumers = json["consumers"].as_array().expect("consumers");
    let names: Vec<&str> = consumers
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(names, ["billing-portal", "sales-app"]);
    let billing = &consumers[0];
    let operations: Vec<&str> = billing["uses"]
        .as_array()
        .expect("uses")
        .iter()
        .filter_map(|u| u["operation"].as_str())
        .collect();
    assert_eq!(
        operations,
        [
            "GET /accounts/{accountId}",
            "GET /accounts/{accountId}/contacts"
        ]
    );
    let text = s.run(&["consumers"]);
    assert!(
        text.stdout.contains("response 200 BillingAddress.city, BillingAddress.countryCode, BillingAddress.postalCode, CurrencyIsoCode, Id, Name"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("request CurrencyIsoCode, Name, Type"),
        "{}",
        text.stdout
    );

    // Both verify clean against the CRM contract.
    let verified = s.run(&["verify-consumers"]);
    assert_eq!(verified.code, 0, "{}", verified.transcript());
    assert!(
        verified.stdout.contains("no findings"),
        "{}",
        verified.stdout
    );
    assert!(
        verified
            .stderr
            .contains("verified 4 interactions of 2 consumers"),
        "{}",
        verified.stderr
    );

    // Importing again updates the copy and leaves accord.yaml alone; a
    // Pact that is not one is refused, naming the file.
    let again = s.run(&[
        "consumers",
        "import-pact",
        "incoming/billing.json",
        "--consumer",
        "billing-portal",
    ]);
    assert_eq!(again.code, 0, "{}", again.transcript());
    assert_eq!(s.read("accord.yaml"), config);
    s.write("incoming/broken.json", "{\"interactions\": 3}");
    let broken = s.run(&[
        "consumers",
        "import-pact",
        "incoming/broken.json",
        "--consumer",
        "x",
        "--system",
        "crm",
    ]);
    assert_eq!(broken.code, 2, "{}", broken.transcript());
    assert!(
        broken.stderr.contains("incoming/broken.json:1:"),
        "{}",
        broken.stderr
    );
}

#[test]
fn a_provider_change_names_the_consumer_interaction_and_line_it_breaks() {
    let (s, git) = registry_with(&[]);
    // The portal reads the postal code of the billing address.
    edit(
        &s,
        "contracts/apis/crm.yaml",
        "        postalCode: {type: string, nullable: true}",
        "        postalCode: {type: integer, nullable: true}",
    );
    git.commit_all("postal codes as numbers");
    let run = s.run(&["check", "--base", "main", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let json = run.json();
    let changed: Vec<&Value> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "response-property-type-changed")
        .filter(|f| f["operation"] == "GET /accounts/{accountId}")
        .collect();
    assert!(!changed.is_empty(), "{}", run.stdout);
    let portal_line = s
        .read(BILLING)
        .lines()
        .position(|l| l.contains("\"postalCode\""))
        .expect("postalCode") as u64
        + 1;
    let portal = changed
        .iter()
        .flat_map(|f| f["affects"].as_array().cloned().unwrap_or_default())
        .find(|a| a["kind"] == "consumer" && a["name"] == "billing-portal")
        .unwrap_or_else(|| panic!("{changed:?}"));
    assert_eq!(
        portal["evidence"][0],
        serde_json::json!({
            "via": "pact",
            "name": "the billing address of an account",
            "file": BILLING,
            "line": portal_line,
        })
    );
    // The sales app reads no account address: not named.
    assert!(
        changed
            .iter()
            .flat_map(|f| f["affects"].as_array().cloned().unwrap_or_default())
            .all(|a| a["name"] != "sales-app"),
        "{changed:?}"
    );
    // The gate verifies the portal's expectation against the change: the
    // one interaction it breaks, at its line.
    let broken: Vec<&Value> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "consumer-expectation-unsupported")
        .collect();
    assert_eq!(broken.len(), 1, "{}", run.stdout);
    assert_eq!(broken[0]["location"]["file"], BILLING);
    assert_eq!(broken[0]["location"]["line"], portal_line);
    assert_eq!(
        broken[0]["fixture"],
        "billing-portal: the billing address of an account"
    );
    let text = s.run(&["check", "--base", "main"]);
    assert!(
        text.stdout.contains(
            "consumer billing-portal (1 use: consumers/billing-portal/billing-portal-crm.json:"
        ),
        "{}",
        text.stdout
    );
}
