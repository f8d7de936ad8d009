//! The subset checker on small schemas: a "yes" where B accepts all of A,
//! a "no" with a witness that A accepts and B rejects (checked here with
//! the validator), per JSON type and through the alternatives.

use serde_json::{Value, json};

use super::{Checker, Verdict};
use crate::load::{Contract, Document, NoFiles};
use crate::schema::validate::validate_all;
use crate::schema::{Schemas, Side};

fn contract(schema: &Value) -> Contract {
    let mut schema = schema.clone();
    if let Value::Object(map) = &mut schema {
        map.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
    }
    let doc = Document::parse("s.json".into(), serde_json::to_vec(&schema).unwrap()).unwrap();
    Contract::from_root(doc, &mut NoFiles).unwrap()
}

/// `a ⊆ b`; a "no" must come with a witness `a` accepts and `b` rejects.
fn subset(a: Value, b: Value) -> Verdict {
    let (a, b) = (contract(&a), contract(&b));
    let schemas = Schemas::new(&a, &b);
    let (ra, rb) = (schemas.root(Side::Base), schemas.root(Side::Revision));
    let verdict =
        Checker::new(&schemas).subset(std::slice::from_ref(&ra), std::slice::from_ref(&rb));
    if let Verdict::No(reason) = &verdict {
        let w = reason.witness.value();
        assert_eq!(
            validate_all(&schemas, std::slice::from_ref(&ra), &[], &w).ok(),
            Some(true),
            "A accepts {w}"
        );
        assert_eq!(
            validate_all(&schemas, std::slice::from_ref(&rb), &[], &w).ok(),
            Some(false),
            "B rejects {w}"
        );
    }
    verdict
}

fn yes(a: Value, b: Value) {
    let verdict = subset(a.clone(), b.clone());
    assert!(verdict.is_yes(), "{a} ⊆ {b}: {verdict:?}");
}

fn no(a: Value, b: Value) {
    let verdict = subset(a.clone(), b.clone());
    assert!(matches!(verdict, Verdict::No(_)), "{a} ⊄ {b}: {verdict:?}");
}

#[test]
fn numbers() {
    yes(
        json!({"type": "integer", "minimum": 1}),
        json!({"type": "number"}),
    );
    yes(
        json!({"type": "integer", "multipleOf": 4}),
        json!({"multipleOf": 2}),
    );
    no(json!({"type": "number"}), json!({"type": "integer"}));
    no(json!({"maximum": 10}), json!({"maximum": 9}));
    no(
        json!({"type": "integer", "multipleOf": 2}),
        json!({"multipleOf": 4}),
    );
}

#[test]
fn strings() {
    yes(
        json!({"type": "string", "maxLength": 3}),
        json!({"maxLength": 5}),
    );
    yes(json!({"enum": ["a", "b"]}), json!({"type": "string"}));
    yes(
        json!({"pattern": "^a[0-9]$", "type": "string"}),
        json!({"pattern": "^a"}),
    );
    no(
        json!({"type": "string"}),
        json!({"type": "string", "minLength": 1}),
    );
    no(json!({"enum": ["a", "b"]}), json!({"enum": ["a"]}));
}

#[test]
fn arrays() {
    yes(
        json!({"type": "array", "items": {"type": "integer"}, "maxItems": 2}),
        json!({"type": "array", "items": {"type": "number"}}),
    );
    no(
        json!({"type": "array"}),
        json!({"type": "array", "maxItems": 3}),
    );
    no(
        json!({"type": "array", "items": {"type": "string"}}),
        json!({"type": "array", "items": {"maxLength": 2}}),
    );
    no(
        json!({"type": "array"}),
        json!({"type": "array", "uniqueItems": true}),
    );
}

#[test]
fn objects() {
    let closed = json!({"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false});
    let open = json!({"type": "object", "properties": {"a": {"type": "string"}}});
    yes(closed.clone(), open.clone());
    no(open, closed);
    no(
        json!({"type": "object"}),
        json!({"type": "object", "required": ["a"]}),
    );
    yes(
        json!({"type": "object", "required": ["a", "b"]}),
        json!({"type": "object", "required": ["a"]}),
    );
}

#[test]
fn alternatives() {
    yes(
        json!({"oneOf": [{"type": "string"}, {"type": "integer"}]}),
        json!({"type": ["string", "integer"]}),
    );
    yes(
        json!({"type": "string"}),
        json!({"anyOf": [{"type": "string"}, {"type": "null"}]}),
    );
    no(
        json!({"anyOf": [{"type": "string"}, {"type": "null"}]}),
        json!({"type": "string"}),
    );
    // `not`: no string is an integer; some numbers are.
    yes(
        json!({"type": "string"}),
        json!({"not": {"type": "integer"}}),
    );
    no(
        json!({"type": "number"}),
        json!({"not": {"type": "integer"}}),
    );
}

#[test]
fn a_schema_is_a_subset_of_itself() {
    for schema in [
        json!({"type": "object", "properties": {"n": {"type": "integer", "minimum": 0}}, "required": ["n"]}),
        json!({"oneOf": [{"type": "string"}, {"type": "array", "items": {"$ref": "#"}}]}),
        json!({"allOf": [{"type": "string"}, {"pattern": "^[a-z]+$"}]}),
    ] {
        yes(schema.clone(), schema);
    }
}

#[test]
fn what_contains_and_a_lone_if_evaluate_counts_for_unevaluated() {
    let contains = json!({"prefixItems": [{"const": 1}], "contains": {"type": "string"},
                          "unevaluatedItems": false});
    yes(json!({"const": [1, "foo"]}), contains.clone());
    no(json!({"const": [1, 2, "foo"]}), contains);
    let lone_if = json!({"if": {"properties": {"foo": {"type": "string"}}},
                         "unevaluatedProperties": false});
    yes(json!({"const": {"foo": "a"}}), lone_if.clone());
    no(json!({"const": {"foo": 1}}), lone_if);
}

#[test]
fn ecma_white_space() {
    yes(json!({"const": "\u{FEFF}"}), json!({"pattern": "^\\s$"}));
    no(json!({"const": "\u{FEFF}"}), json!({"pattern": "^\\S$"}));
}

#[test]
fn dynamic_references_follow_the_outermost_anchor() {
    // The generic list's items are whatever the outermost resource says.
    let strings = json!({
        "$id": "https://example.com/strings",
        "$ref": "list",
        "$defs": {
            "items": {"$dynamicAnchor": "items", "type": "string"},
            "list": {
                "$id": "list",
                "type": "array",
                "items": {"$dynamicRef": "#items"},
                "$defs": {"items": {"$dynamicAnchor": "items"}}
            }
        }
    });
    yes(json!({"const": ["a"]}), strings.clone());
    no(json!({"const": [1]}), strings);
    // With no other anchor of the name, `$dynamicRef` is a `$ref`, and
    // comparisons decide through it.
    let plain = json!({
        "type": "array",
        "items": {"$dynamicRef": "#item"},
        "$defs": {"item": {"$dynamicAnchor": "item", "type": "integer"}}
    });
    yes(plain.clone(), plain.clone());
    yes(
        json!({"type": "array", "items": {"type": "integer", "minimum": 0}}),
        plain,
    );
}

#[test]
fn unevaluated_beside_applicators_is_never_a_wrong_yes() {
    // Evaluated by an `allOf` member: read exactly.
    let b = json!({"allOf": [{"properties": {"a": {}}}], "unevaluatedProperties": false});
    no(json!({"type": "object"}), b.clone());
    yes(
        json!({"type": "object", "properties": {"a": {}}, "additionalProperties": false}),
        b,
    );
    let items = json!({"allOf": [{"prefixItems": [{}]}], "unevaluatedItems": false});
    no(json!({"type": "array"}), items.clone());
    yes(json!({"type": "array", "maxItems": 1}), items);
    // Under `not`: what B' rejects, the negation accepts.
    let n = json!({"not": {"allOf": [{"properties": {"a": {}}}], "unevaluatedProperties": false}});
    no(json!({"const": {"a": 1}}), n.clone());
    yes(json!({"const": {"b": 1}}), n.clone());
    assert!(!subset(n, json!({"type": "object", "required": ["b"]})).is_yes());
    // Evaluated by branches that may or may not apply: not a "yes".
    let any = json!({"anyOf": [{"properties": {"a": {}}}, {"required": ["x"]}],
                     "unevaluatedProperties": false});
    assert!(!subset(json!({"type": "object"}), any.clone()).is_yes());
    yes(any.clone(), any);
}

#[test]
fn a_recursive_reference_that_an_outer_anchor_redirects_is_not_a_yes() {
    let schema = |outer_anchor: bool| {
        let mut s = json!({
            "$schema": "https://json-schema.org/draft/2019-09/schema",
            "$id": "https://example.com/tree.json",
            "$defs": {"node": {"$id": "node.json", "$recursiveAnchor": true,
                "anyOf": [{"type": "string"},
                          {"type": "object", "additionalProperties": {"$recursiveRef": "#"}}]}},
            "anyOf": [{"type": "integer"}, {"$ref": "#/$defs/node"}]
        });
        if outer_anchor {
            s["$recursiveAnchor"] = json!(true);
        }
        s
    };
    let doc = |v: &Value| {
        let doc = Document::parse("s.json".into(), serde_json::to_vec(v).unwrap()).unwrap();
        Contract::from_root(doc, &mut NoFiles).unwrap()
    };
    // With the outer anchor, {"foo": 1} is valid (the integer branch of the
    // root applies to members); without it, it is not.
    let (a, b) = (doc(&schema(true)), doc(&schema(false)));
    let schemas = Schemas::new(&a, &b);
    let (ra, rb) = (schemas.root(Side::Base), schemas.root(Side::Revision));
    let member = json!({"foo": 1});
    assert_eq!(
        validate_all(&schemas, std::slice::from_ref(&ra), &[], &member),
        Ok(true)
    );
    assert_eq!(
        validate_all(&schemas, std::slice::from_ref(&rb), &[], &member),
        Ok(false)
    );
    let verdict =
        Checker::new(&schemas).subset(std::slice::from_ref(&ra), std::slice::from_ref(&rb));
    assert!(!verdict.is_yes(), "{verdict:?}");
}

#[test]
fn integer_bounds_beyond_what_a_machine_integer_holds() {
    // -1e19 is an integer of A that B rejects: no saturated i64 may hide it.
    no(
        json!({"type": "integer", "minimum": -1e19}),
        json!({"type": "integer", "minimum": -9.3e18}),
    );
    no(
        json!({"type": "integer", "maximum": 1e19}),
        json!({"type": "integer", "maximum": 9.3e18}),
    );
    // Multiples at the largest magnitudes are exact.
    yes(json!({"const": 1e308}), json!({"multipleOf": 0.5}));
    no(json!({"const": 1e308}), json!({"not": {"multipleOf": 0.5}}));
}
