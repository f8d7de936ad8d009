use crate::load::{Document, NoFiles};

use super::*;

fn contract(yaml: &str) -> Contract {
    let doc = Document::parse("api.yaml".into(), yaml.as_bytes().to_vec()).unwrap();
    Contract::from_root(doc, &mut NoFiles).unwrap()
}

#[test]
fn server_prefixes_read_the_path_of_every_server() {
    let c = contract(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://a.example/v1/'}, {url: '/v1'}]\npaths: {}\n",
    );
    assert_eq!(crate::model::openapi::server_prefix(&c.root().root), "/v1");
    let c = contract(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://a.example/v1'}, {url: 'https://b.example/v2'}]\npaths: {}\n",
    );
    assert_eq!(crate::model::openapi::server_prefix(&c.root().root), "");
    let c = contract("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert_eq!(crate::model::openapi::server_prefix(&c.root().root), "");
}

#[test]
fn a_prefix_moved_from_servers_into_paths_is_no_change() {
    let base = contract(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://api.example/v1'}]\npaths:\n  /accounts/{id}:\n    get: {responses: {'200': {description: ok}}}\n",
    );
    let revision = contract(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://api.example'}]\npaths:\n  /v1/accounts/{accountId}:\n    get: {responses: {'200': {description: ok}}}\n",
    );
    let changes = diff(&base, &revision, &DiffOptions::default());
    assert_eq!(changes, Vec::new());
}

/// Two operations `GET` at `paths` (templates with the parameter's
/// schema), in that order.
fn journals(paths: &[(&str, &str)]) -> Contract {
    let mut yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n".to_owned();
    for (template, schema) in paths {
        let name = template
            .rsplit('{')
            .next()
            .and_then(|n| n.strip_suffix('}'))
            .unwrap();
        yaml += &format!(
            "  {template}:\n    get:\n      parameters: [{{name: {name}, in: path, required: true, schema: {schema}}}]\n      responses: {{'200': {{description: ok}}}}\n"
        );
    }
    contract(&yaml)
}

fn summary(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .map(|c| {
            let op = c.operation.as_ref().map(ToString::to_string);
            format!("{} {:?}", op.unwrap_or_default(), c.kind)
        })
        .collect()
}

#[test]
fn paths_of_one_shape_are_matched_by_their_names_in_any_order() {
    let uuid = "{type: string, format: uuid}";
    let number = "{type: integer}";
    let base = journals(&[("/journals/{id}", uuid), ("/journals/{number}", number)]);
    let same = journals(&[("/journals/{id}", uuid), ("/journals/{number}", number)]);
    let reordered = journals(&[("/journals/{number}", number), ("/journals/{id}", uuid)]);
    for revision in [&same, &reordered] {
        let changes = diff(&base, revision, &DiffOptions::default());
        assert_eq!(summary(&changes), Vec::<String>::new());
    }
}

#[test]
fn a_parameter_rename_is_a_rename_only_where_it_is_unambiguous() {
    let s = "{type: string}";
    // One path of the shape on each side: renamed.
    let base = journals(&[("/journals/{id}", s)]);
    let revision = journals(&[("/journals/{journalId}", s)]);
    let changes = diff(&base, &revision, &DiffOptions::default());
    assert_eq!(summary(&changes), Vec::<String>::new());
    // The paths matched by name settle first; one left on each side is
    // the rename.
    let base = journals(&[("/journals/{id}", s), ("/journals/{number}", s)]);
    let revision = journals(&[("/journals/{number}", s), ("/journals/{journalId}", s)]);
    let changes = diff(&base, &revision, &DiffOptions::default());
    assert_eq!(summary(&changes), Vec::<String>::new());
    // Two left on one side: which is which cannot be told; removed and
    // added.
    let base = journals(&[("/journals/{id}", s), ("/journals/{number}", s)]);
    let revision = journals(&[("/journals/{journalId}", s)]);
    let changes = summary(&diff(&base, &revision, &DiffOptions::default()));
    assert_eq!(changes.len(), 3, "{changes:#?}");
    assert!(changes[0].starts_with("GET /journals/{id} OperationRemoved"));
    assert!(changes[1].starts_with("GET /journals/{number} OperationRemoved"));
    assert!(changes[2].starts_with("GET /journals/{journalId} OperationAdded"));
}

#[test]
fn paths_of_one_shape_renamed_together_keep_their_operations_by_id() {
    let yaml = |a: &str, b: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /journals/{{{a}}}:\n    get:\n      operationId: getJournal\n      parameters: [{{name: {a}, in: path, required: true, schema: {{type: string, format: uuid}}}}]\n      responses: {{'200': {{description: ok}}}}\n  /journals/{{{b}}}:\n    get:\n      operationId: getJournalByNumber\n      parameters: [{{name: {b}, in: path, required: true, schema: {{type: integer}}}}]\n      responses: {{'200': {{description: ok}}}}\n"
        )
    };
    let base = contract(&yaml("id", "number"));
    // Both renamed: two paths of the shape on each side, told apart by
    // their operations' ids.
    let revision = contract(&yaml("journalId", "journalNumber"));
    let changes = diff(&base, &revision, &DiffOptions::default());
    assert_eq!(summary(&changes), Vec::<String>::new());
}

fn member_contract(members: &str, components: &str) -> Contract {
    contract(&format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              oneOf: {members}\n      responses: {{'200': {{description: ok}}}}\ncomponents:\n  schemas: {components}\n"
    ))
}

#[test]
fn a_union_member_renamed_inlined_or_reordered_is_the_same_member() {
    let base = member_contract(
        "[{$ref: '#/components/schemas/Card'}, {$ref: '#/components/schemas/Bank'}]",
        "{Card: {type: object, required: [number], properties: {number: {type: string}}}, Bank: {type: object, required: [iban], properties: {iban: {type: string}}}}",
    );
    let renamed = member_contract(
        "[{$ref: '#/components/schemas/Bank2'}, {$ref: '#/components/schemas/PaymentCard'}]",
        "{PaymentCard: {type: object, required: [number], properties: {number: {type: string, description: The PAN.}}}, Bank2: {type: object, required: [iban], properties: {iban: {type: string}}}}",
    );
    let inlined = member_contract(
        "[{type: object, required: [number], properties: {number: {type: string}}}, {$ref: '#/components/schemas/Bank'}]",
        "{Bank: {type: object, required: [iban], properties: {iban: {type: string}}}}",
    );
    for revision in [&renamed, &inlined] {
        // The components renamed or gone are listed (SDKs lose the
        // type names); the body is unchanged.
        let changes: Vec<String> = summary(&diff(&base, revision, &DiffOptions::default()))
            .into_iter()
            .filter(|c| !c.contains("ComponentSchemaRemoved"))
            .collect();
        assert_eq!(changes, Vec::<String>::new());
    }
    // Renamed and changed: not the same member any more.
    let changed = member_contract(
        "[{$ref: '#/components/schemas/PaymentCard'}, {$ref: '#/components/schemas/Bank'}]",
        "{PaymentCard: {type: object, required: [number], properties: {number: {type: integer}}}, Bank: {type: object, required: [iban], properties: {iban: {type: string}}}}",
    );
    let changes = summary(&diff(&base, &changed, &DiffOptions::default()));
    assert!(
        changes
            .iter()
            .any(|c| c.contains("Branch") && c.contains("Card")),
        "{changes:#?}"
    );
}

#[test]
fn anonymous_access_is_known_only_where_the_document_describes_security() {
    let spec = |global: &str, op: &str| {
        contract(&format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{global}paths:\n  /a:\n    get: {{{op}responses: {{'200': {{description: ok}}}}}}\n  /b:\n    get: {{security: [{{key: []}}], responses: {{'200': {{description: ok}}}}}}\n"
        ))
    };
    let removed = |base: &Contract, revision: &Contract| {
        diff(base, revision, &DiffOptions::default())
            .iter()
            .filter(|c| matches!(c.kind, ChangeKind::AnonymousAccessRemoved { .. }))
            .count()
    };
    // `/a` had no requirement while `/b` had one: it was open.
    let open = spec("", "");
    let secured = spec("", "security: [{key: []}], ");
    assert_eq!(removed(&open, &secured), 1);
    assert_eq!(removed(&secured, &open), 0);
    // A document that says nothing about security says nothing about
    // who may call it.
    let silent = contract(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {responses: {'200': {description: ok}}}\n",
    );
    let global = contract(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nsecurity: [{key: []}]\npaths:\n  /a:\n    get: {responses: {'200': {description: ok}}}\n",
    );
    assert_eq!(removed(&silent, &global), 0);
}
