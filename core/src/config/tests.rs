//! `accord.yaml` read: sections, mistakes named at their line, the
//! repository's own file.

use crate::model::mode::CompatMode;

use super::*;

fn parse(yaml: &str) -> Result<Config, ConfigError> {
    let doc = Document::parse(PathBuf::from("accord.yaml"), yaml.as_bytes().to_vec()).unwrap();
    Config::from_document(doc)
}

#[test]
fn subjects_systems_and_tenants() {
    let config = parse(
        "registry: {branch: contracts}\n\
         subjects:\n  account: {kind: schema, file: c/account.json, owner: data}\n  \
         crm-api: {kind: api, file: c/crm.yaml}\n  \
         order.created: {kind: event, file: e.json, mode: forward-transitive}\n\
         systems:\n  crm: {contract: crm-api}\n\
         tenants:\n  acme: {file: t/acme.yaml}\n\
         environments: {sandbox: {}}\n",
    )
    .unwrap();
    assert_eq!(config.branch, "contracts");
    let names: Vec<_> = config.subjects.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["account", "crm-api", "order.created"]);
    assert_eq!(
        config.subject("account").unwrap().owner.as_deref(),
        Some("data")
    );
    assert_eq!(
        config.subject("order.created").unwrap().mode,
        Some(CompatMode::parse("forward-transitive").unwrap())
    );
    assert_eq!(config.system("crm").unwrap().contract, "crm-api");
    assert_eq!(config.tenants[0].name, "acme");
    assert!(config.unknown_keys.is_empty());
}

#[test]
fn mistakes_name_the_line() {
    let e =
        parse("subjects:\n  account:\n    kind: schema\n    file: a.json\n    mode: sideways\n")
            .unwrap_err()
            .to_string();
    assert_eq!(
        e,
        "accord.yaml:5:5: subject `account`: unknown mode `sideways` (one of backward, backward-transitive, forward, forward-transitive, full, full-transitive, none)"
    );
    let e = parse("subjects:\n  account: {kind: table, file: a.json}\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("accord.yaml:2:3: subject `account`: unknown variant `table`"),
        "{e}"
    );
    let e = parse("subjects:\n  a/b: {kind: schema, file: a.json}\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("a subject name is letters"), "{e}");
    let e = parse("subjects: {}\nsystems:\n  crm: {contract: nothing}\n")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("accord.yaml:3:"), "{e}");
}

#[test]
fn environments_name_variables_never_secrets() {
    let base =
        "subjects: {crm-api: {kind: api, file: a.yaml}}\nsystems: {crm: {contract: crm-api}}\n";
    let config = parse(&format!(
        "{base}environments:\n  sandbox:\n    systems: {{crm: {{base_url: 'http://127.0.0.1:9/v1'}}}}\n    allowed_methods: [get, post]\n"
    ))
    .unwrap();
    let sandbox = &config.environments["sandbox"];
    assert_eq!(sandbox.allowed_methods, ["GET", "POST"]);
    assert_eq!(
        (
            sandbox.timeout_seconds,
            sandbox.concurrency,
            sandbox.retries
        ),
        (30, 4, 2)
    );
    let e = parse(&format!(
        "{base}environments:\n  sandbox:\n    tenants:\n      acme: {{credentials: {{crm: 'Bearer abc123'}}}}\n"
    ))
    .unwrap_err()
    .to_string();
    assert!(e.starts_with("accord.yaml:6:"), "{e}");
    assert!(e.contains("never values"), "{e}");
    let e = parse(&format!(
        "{base}environments:\n  sandbox: {{systems: {{erp: {{base_url: 'http://x'}}}}}}\n"
    ))
    .unwrap_err()
    .to_string();
    assert!(e.contains("`erp` is not a system"), "{e}");
}

#[test]
fn environments_list_requests_to_record_and_how_to_authenticate() {
    let base =
        "subjects: {crm-api: {kind: api, file: a.yaml}}\nsystems: {crm: {contract: crm-api}}\n";
    let config = parse(&format!(
        "{base}environments:\n  sandbox:\n    systems: {{crm: {{base_url: 'http://127.0.0.1:9', auth_header: X-Api-Key, auth_scheme: ''}}}}\n    volatile_fields: [Version]\n    requests:\n      - {{id: crm-list, system: crm, path: /accounts, query: {{limit: '5'}}}}\n"
    ))
    .unwrap();
    let sandbox = &config.environments["sandbox"];
    assert_eq!(
        sandbox.auth["crm"],
        Auth {
            header: "X-Api-Key".to_owned(),
            scheme: String::new()
        }
    );
    assert_eq!(sandbox.volatile_fields, ["Version"]);
    let listed = &sandbox.requests[0];
    assert_eq!(
        (listed.id.as_str(), listed.request.method.as_str()),
        ("crm-list", "GET")
    );
    assert_eq!(listed.request.query, [("limit".to_owned(), "5".to_owned())]);
    for (entry, complaint) in [
        ("{id: x, system: erp, path: /a}", "`erp` is not a system"),
        (
            "{id: x, system: crm, tenant: acme, path: /a}",
            "`acme` is not a tenant",
        ),
        ("{id: ../x, system: crm, path: /a}", "plain file name"),
        ("{id: x, system: crm, path: a}", "must start with `/`"),
    ] {
        let e = parse(&format!(
            "{base}environments:\n  sandbox:\n    requests:\n      - {entry}\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("accord.yaml:6:"), "{e}");
        assert!(e.contains(complaint), "{e}");
    }
}

#[test]
fn the_repository_file_parses() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../accord.yaml");
    let config = Config::read(&path).unwrap();
    assert_eq!(config.branch, DEFAULT_BRANCH);
    assert!(config.subjects.len() >= 10);
    assert!(config.unknown_keys.is_empty());
    assert_eq!(config.redaction["crm"][2], "$.records[*].Email");
    let sandbox = &config.environments["sandbox"];
    assert_eq!(sandbox.base_urls.len(), 2);
    assert_eq!(sandbox.allowed_methods, SAFE_METHODS);
    assert_eq!(sandbox.credentials["acme"]["crm"], "ACME_CRM_TOKEN");
    for subject in &config.subjects {
        assert!(config.resolve(&subject.file).is_file(), "{}", subject.name);
    }
}

#[test]
fn consumers_say_what_they_use_inside_the_repository() {
    let head = "subjects:\n  crm-api: {kind: api, file: c/crm.yaml}\nsystems:\n  crm: {contract: crm-api}\n";
    let config = parse(&format!(
        "{head}consumers:\n  portal: {{system: crm, pact: consumers/portal.json, owner: billing}}\n  sync:\n    system: crm\n    uses:\n      - {{operation: 'get /accounts/{{id}}', parameters: [fields], response: [Name, 'lines[].sku']}}\n"
    ))
    .unwrap();
    let names: Vec<&str> = config.consumers.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["portal", "sync"]);
    let sync = &config.consumers[1];
    assert_eq!(sync.uses[0].operation, "GET /accounts/{id}");
    assert_eq!(sync.uses[0].response, ["Name", "lines[].sku"]);
    for (entry, wanted) in [
        ("  x: {system: crm}\n", "say what it uses"),
        (
            "  x: {system: erp, pact: p.json}\n",
            "`erp` is not a system",
        ),
        (
            "  x: {uses: [{operation: GET /a}]}\n",
            "needs the `system:`",
        ),
        (
            "  x: {system: crm, uses: [{operation: accounts}]}\n",
            "is not an operation",
        ),
        (
            "  x: {system: crm, pact: ../../etc/p.json}\n",
            "outside the folder",
        ),
        (
            "  x: {system: crm, pact: /etc/p.json}\n",
            "outside the folder",
        ),
        (
            "  x: {system: crm, pact: p.json, colour: red}\n",
            "unknown field",
        ),
    ] {
        let e = parse(&format!("{head}consumers:\n{entry}"))
            .unwrap_err()
            .to_string();
        assert!(e.contains(wanted), "{entry}: {e}");
        assert!(e.starts_with("accord.yaml:"), "{e}");
    }
    // `a/../b` stays inside.
    assert!(
        parse(&format!(
            "{head}consumers:\n  x: {{system: crm, pact: a/../p.json}}\n"
        ))
        .is_ok()
    );
}
