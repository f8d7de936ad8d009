//! Overlays merged and their references rebased; types compared.

use std::collections::BTreeSet;

use super::mapping::{comparable, value_types};
use super::overlay::{merge, rebase};
use super::*;

#[test]
fn references_are_rebased_onto_the_canonical_file() {
    let tenant = Path::new("/repo/contracts/tenants/acme.yaml");
    let canonical = Path::new("/repo/contracts/canonical/account.json");
    assert_eq!(
        rebase("../canonical/common.json#/$defs/Money", tenant, canonical),
        "common.json#/$defs/Money"
    );
    assert_eq!(
        rebase("#/$defs/X", tenant, canonical),
        "../tenants/acme.yaml#/$defs/X"
    );
    assert_eq!(
        rebase("https://example.com/s.json", tenant, canonical),
        "https://example.com/s.json"
    );
}

#[test]
fn an_overlay_adds_fields_joins_required_and_reports_redefinitions() {
    let canonical = serde_json::json!({
        "$id": "https://x/account.json",
        "type": "object",
        "properties": {"name": {"type": "string"}},
        "required": ["name"],
        "maxProperties": 10
    });
    let overlay = serde_json::json!({
        "properties": {"name": {"type": "integer"}, "region": {"type": "string"}},
        "required": ["region"],
        "maxProperties": 5,
        "minProperties": 1
    });
    let (merged, redefined) = merge(
        &canonical,
        &overlay,
        Path::new("/t/a.yaml"),
        Path::new("/c/a.json"),
    );
    assert_eq!(redefined, ["name"]);
    assert_eq!(
        merged["properties"]["name"],
        serde_json::json!({"type": "string"})
    );
    assert_eq!(
        merged["properties"]["region"],
        serde_json::json!({"type": "string"})
    );
    assert_eq!(merged["required"], serde_json::json!(["name", "region"]));
    assert_eq!(merged["minProperties"], 1);
    assert_eq!(merged["allOf"], serde_json::json!([{"maxProperties": 5}]));
    assert!(merged.get("$id").is_none());
}

#[test]
fn types_compare_without_null_and_with_integers_as_numbers() {
    let set = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>();
    assert!(!comparable(&set(&["integer"])).is_disjoint(&comparable(&set(&["number", "null"]))));
    assert!(comparable(&set(&["string"])).is_disjoint(&comparable(&set(&["object"]))));
    assert_eq!(
        value_types(&serde_json::json!({"enum": ["a", null]})),
        set(&["null", "string"])
    );
}
