//! `accord diff OLD NEW` on two JSON Schemas, under each compatibility mode.

use crate::support::Scratch;

/// The bundled canonical schemas, with `next/` a copy to edit.
fn canonical(s: &Scratch) {
    s.copy_contracts();
    for file in [
        "common.json",
        "account.json",
        "contact.json",
        "product.json",
        "order.json",
        "invoice.json",
        "subscription.json",
    ] {
        s.write(
            &format!("next/{file}"),
            s.read(&format!("contracts/canonical/{file}")),
        );
    }
}

fn edit(s: &Scratch, file: &str, from: &str, to: &str) {
    let text = s.read(file);
    assert!(text.contains(from), "{file} has `{from}`");
    s.write(file, text.replace(from, to));
}

#[test]
fn the_mode_decides_whether_a_widening_fails() {
    let s = Scratch::new();
    canonical(&s);
    // A new invoice status: old readers do not know it.
    edit(
        &s,
        "next/invoice.json",
        r#""overdue", "void"]"#,
        r#""overdue", "void", "disputed"]"#,
    );
    let diff = |mode: &str| {
        s.run(&[
            "diff",
            "contracts/canonical/invoice.json",
            "next/invoice.json",
            "--mode",
            mode,
            "--level",
            "info",
        ])
    };
    let backward = diff("backward");
    assert_eq!(
        backward.code,
        0,
        "a widening is backward compatible: {}",
        backward.transcript()
    );
    assert!(
        backward.stdout.contains("info    next/invoice.json:"),
        "{}",
        backward.stdout
    );
    assert!(backward.stdout.contains("[enum-value-added]"));
    let forward = diff("forward");
    assert_eq!(forward.code, 1, "{}", forward.transcript());
    assert!(
        forward.stdout.contains("error   next/invoice.json:"),
        "{}",
        forward.stdout
    );
    assert!(
        forward.stdout.contains(r#""disputed""#),
        "the witness names the new value: {}",
        forward.stdout
    );
    assert_eq!(diff("full").code, 1);
    // The default mode is backward.
    assert_eq!(
        s.run(&[
            "diff",
            "contracts/canonical/invoice.json",
            "next/invoice.json"
        ])
        .code,
        0
    );
}

#[test]
fn a_narrowing_points_at_the_keyword_with_an_instance_that_shows_it() {
    let s = Scratch::new();
    canonical(&s);
    edit(
        &s,
        "next/invoice.json",
        r#""overdue", "void"]"#,
        r#""overdue"]"#,
    );
    let run = s.run(&[
        "diff",
        "contracts/canonical/invoice.json",
        "next/invoice.json",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let report = run.json();
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(f["rule"], "enum-value-removed");
    assert_eq!(f["level"], "error");
    assert_eq!(f["location"]["file"], "next/invoice.json");
    assert_eq!(f["location"]["pointer"], "/$defs/InvoiceStatus/enum");
    let message = f["message"].as_str().expect("message");
    assert!(
        message.starts_with("`/status` allows fewer values"),
        "{message}"
    );
    assert!(
        message.ends_with(r#": "void" (in an instance otherwise valid on both sides) was valid before and is rejected now"#),
        "{message}"
    );
    let line = f["location"]["line"].as_u64().expect("line") as usize;
    assert!(
        s.read("next/invoice.json")
            .lines()
            .nth(line - 1)
            .is_some_and(|l| l.contains("\"enum\""))
    );
}

#[test]
fn a_change_in_a_shared_file_is_reported_where_it_is() {
    let s = Scratch::new();
    canonical(&s);
    // Amounts lose their fourth decimal: old data may have one.
    edit(
        &s,
        "next/common.json",
        r#"(\\.[0-9]{1,4})?$"#,
        r#"(\\.[0-9]{1,2})?$"#,
    );
    let run = s.run(&[
        "diff",
        "contracts/canonical/order.json",
        "next/order.json",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let report = run.json();
    let f = &report["findings"][0];
    assert_eq!(f["rule"], "pattern-changed");
    assert_eq!(f["location"]["file"], "next/common.json");
    assert_eq!(
        f["location"]["pointer"],
        "/$defs/Money/properties/amount/pattern"
    );
}

#[test]
fn identical_schemas_are_compatible_in_every_mode() {
    let s = Scratch::new();
    s.copy_contracts();
    for file in [
        "account",
        "contact",
        "product",
        "order",
        "invoice",
        "subscription",
    ] {
        let path = format!("contracts/canonical/{file}.json");
        for mode in ["backward", "forward", "full"] {
            let run = s.run(&["diff", &path, &path, "--mode", mode, "--level", "info"]);
            assert_eq!(
                (run.code, run.stdout.as_str()),
                (0, "no findings\n"),
                "{file} {mode}: {}",
                run.stderr
            );
        }
    }
}

/// `{"a": {"a": … {"a": leaf}}}`, `depth` levels of objects.
fn nested(depth: usize, leaf: &str) -> String {
    let mut schema = format!("{{\"type\": \"{leaf}\"}}");
    for _ in 0..depth {
        schema = format!(
            "{{\"type\": \"object\", \"properties\": {{\"a\": {schema}, \"b\": {{\"type\": \"string\"}}}}, \"required\": [\"a\"]}}"
        );
    }
    format!(
        "{{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"allOf\": [{schema}]}}"
    )
}

#[test]
fn a_thousand_levels_deep() {
    let s = Scratch::new();
    s.write("base.json", nested(1000, "string"));
    s.write("same.json", nested(1000, "string"));
    s.write("revision.json", nested(1000, "integer"));
    let same = s.run(&["diff", "base.json", "same.json"]);
    assert_eq!(
        (same.code, same.stdout.as_str()),
        (0, "no findings\n"),
        "{}",
        same.stderr
    );
    let run = s.run(&["diff", "base.json", "revision.json", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    let f = &report["findings"][0];
    assert_eq!(f["rule"], "type-narrowed");
    let message = f["message"].as_str().expect("message");
    assert!(
        message.starts_with(&format!(
            "`{}` no longer accepts some types",
            "/a".repeat(1000)
        )),
        "{}",
        &message[..80]
    );
}

#[test]
fn recursive_schemas_compare_by_their_shortest_path() {
    let s = Scratch::new();
    let tree = |name: &str| {
        format!(
            r##"{{"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "#/$defs/Node",
                "$defs": {{"Node": {{"type": "object", "properties": {{"name": {name},
                  "children": {{"type": "array", "items": {{"$ref": "#/$defs/Node"}}}}}}, "required": ["name"]}}}}}}"##
        )
    };
    s.write("base.json", tree(r#"{"type": "string"}"#));
    s.write("same.json", tree(r#"{"type": "string"}"#));
    s.write(
        "revision.json",
        tree(r#"{"type": "string", "maxLength": 10}"#),
    );
    assert_eq!(
        s.run(&["diff", "base.json", "same.json", "--mode", "full"])
            .code,
        0
    );
    let run = s.run(&["diff", "base.json", "revision.json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(
        run.stdout.matches("[max-length-decreased]").count(),
        1,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("the maximum length of `/name` decreased (from none to 10)"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_unknown_mode_is_a_usage_error() {
    let run = Scratch::new().run(&["diff", "a.json", "b.json", "--mode", "sideways"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("invalid value 'sideways'"),
        "{}",
        run.stderr
    );
}

#[test]
fn refactors_that_change_no_meaning_are_no_change() {
    let s = Scratch::new();
    // A definition renamed and moved, a `$ref` inlined, draft-04 spellings
    // rewritten in 2020-12: the same instances, so no finding in any mode.
    s.write(
        "base.json",
        r##"{"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
            "properties": {"total": {"$ref": "#/definitions/Money"}, "qty": {"type": "integer", "minimum": 0, "exclusiveMinimum": true},
                           "note": {"$ref": "#/definitions/Note"}},
            "definitions": {"Money": {"type": "object", "properties": {"amount": {"type": "string"}}, "required": ["amount"]},
                            "Note": {"type": "string", "maxLength": 10}}}"##,
    );
    s.write(
        "revision.json",
        r##"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
            "properties": {"total": {"$ref": "#/$defs/shared/Amount"}, "qty": {"type": "integer", "exclusiveMinimum": 0},
                           "note": {"type": "string", "maxLength": 10}},
            "$defs": {"shared": {"Amount": {"type": "object", "properties": {"amount": {"type": "string"}}, "required": ["amount"]}}}}"##,
    );
    let run = s.run(&[
        "diff",
        "base.json",
        "revision.json",
        "--mode",
        "full",
        "--level",
        "info",
    ]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "no findings\n"),
        "{}",
        run.stderr
    );
}

/// A JSON Schema of one property `v` holding `keywords` (JSON members).
fn property(keywords: &str) -> String {
    format!(
        "{{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"type\": \"object\", \"properties\": {{\"v\": {{{keywords}}}}}}}"
    )
}

#[test]
fn huge_bounds_cost_what_small_ones_cost() {
    // Every count and bound keyword at magnitudes that generated specs
    // use (`2147483647`) and beyond (`1e308`), against a small value and
    // against none, both ways, in every mode: each run ends with findings
    // (exit 0 or 1) inside 512 MiB of address space — the witnesses are
    // never built at the size of the numbers.
    let s = Scratch::new();
    let kinds = [
        ("\"type\": \"string\"", &["minLength", "maxLength"][..]),
        (
            "\"type\": \"array\", \"contains\": {\"type\": \"integer\"}",
            &["minItems", "maxItems", "minContains", "maxContains"][..],
        ),
        (
            "\"type\": \"object\"",
            &["minProperties", "maxProperties"][..],
        ),
        (
            "\"type\": \"number\"",
            &[
                "minimum",
                "maximum",
                "exclusiveMinimum",
                "exclusiveMaximum",
                "multipleOf",
            ][..],
        ),
    ];
    let mut runs = 0;
    for (base_type, keywords) in kinds {
        for keyword in keywords {
            for huge in ["2147483647", "9007199254740993", "1e300", "1e308"] {
                s.write(
                    "small.json",
                    property(&format!("{base_type}, \"{keyword}\": 3")),
                );
                s.write("none.json", property(base_type));
                s.write(
                    "huge.json",
                    property(&format!("{base_type}, \"{keyword}\": {huge}")),
                );
                for (a, b) in [
                    ("small.json", "huge.json"),
                    ("huge.json", "small.json"),
                    ("none.json", "huge.json"),
                    ("huge.json", "none.json"),
                ] {
                    let run =
                        s.run_within(512, &["diff", a, b, "--mode", "full", "--level", "info"]);
                    runs += 1;
                    // Decided (an error), or undecided with the reason:
                    // never silent, never a crash.
                    let decided = run.code == 1;
                    let undecided = run.code == 0
                        && run.stdout.contains("[compatibility-undecided]")
                        && run.stdout.contains("or more might tell the two apart");
                    assert!(
                        (decided || undecided) && run.stderr.is_empty(),
                        "{keyword}: {huge}, {a} -> {b}: a difference is reported\n{}",
                        run.transcript()
                    );
                }
            }
        }
    }
    assert_eq!(runs, 13 * 4 * 4);
}

#[test]
fn a_huge_length_either_decides_or_says_why_it_cannot() {
    let s = Scratch::new();
    s.write(
        "short.json",
        property("\"type\": \"string\", \"maxLength\": 10"),
    );
    s.write(
        "long.json",
        property("\"type\": \"string\", \"minLength\": 2147483647"),
    );
    s.write("any.json", property("\"type\": \"string\""));
    // Strings of ≤ 10 characters are rejected now: shown with one.
    let run = s.run_within(512, &["diff", "short.json", "long.json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains("min-length-increased"),
        "{}",
        run.stdout
    );
    // Telling these apart takes a string of 2^31 characters: undecided,
    // with the reason, never "compatible".
    let run = s.run_within(512, &["diff", "long.json", "short.json"]);
    assert!(
        run.stdout.contains("[compatibility-undecided]")
            && run.stdout.contains("2147483647 characters"),
        "{}",
        run.transcript()
    );
    let run = s.run_within(512, &["diff", "long.json", "any.json", "--mode", "forward"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
}

#[test]
fn multiples_are_compared_exactly_at_any_magnitude() {
    let s = Scratch::new();
    s.write(
        "seven.json",
        property("\"type\": \"integer\", \"multipleOf\": 7"),
    );
    s.write(
        "huge.json",
        property("\"type\": \"integer\", \"multipleOf\": 1e300"),
    );
    for (a, b) in [("seven.json", "huge.json"), ("huge.json", "seven.json")] {
        let run = s.run(&["diff", a, b]);
        assert_eq!(
            run.code,
            1,
            "{a} -> {b}: 7 and 1e300 share no step\n{}",
            run.transcript()
        );
    }
    s.write(
        "half.json",
        property("\"type\": \"number\", \"multipleOf\": 0.5"),
    );
    s.write(
        "tenth.json",
        property("\"type\": \"number\", \"multipleOf\": 0.1"),
    );
    // Every multiple of 0.5 is a multiple of 0.1 (as decimals): the base
    // reads all the revision writes; 0.1 itself is rejected now.
    let run = s.run(&["diff", "tenth.json", "half.json", "--mode", "forward"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            0,
            "no findings; 1 info not shown (--level info shows them)\n"
        ),
        "{}",
        run.transcript()
    );
    let run = s.run(&["diff", "tenth.json", "half.json", "--mode", "backward"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("{\"v\":0.1}"), "{}", run.stdout);
}

#[test]
fn a_long_ref_chain_hides_nothing() {
    // A type change at the end of a chain of `$ref`s is found whatever the
    // chain's length (it used to vanish from 63 links on).
    let s = Scratch::new();
    for (file, leaf) in [("a.yaml", "string"), ("b.yaml", "integer")] {
        let mut yaml = String::from(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/S0'}\ncomponents:\n  schemas:\n",
        );
        for i in 0..200 {
            yaml += &format!("    S{i}: {{$ref: '#/components/schemas/S{}'}}\n", i + 1);
        }
        yaml += &format!("    S200: {{type: object, properties: {{v: {{type: {leaf}}}}}}}\n");
        s.write(file, yaml);
    }
    let run = s.run(&["diff", "a.yaml", "b.yaml"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains("[response-property-type-changed]"),
        "{}",
        run.stdout
    );
}

#[test]
fn invalid_keyword_values_are_findings_not_silence() {
    let s = Scratch::new();
    s.write("plain.json", property("\"type\": \"string\""));
    s.write(
        "negative.json",
        property("\"type\": \"string\", \"minLength\": -1"),
    );
    let run = s.run(&["diff", "plain.json", "negative.json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains("[keyword-value-invalid]"),
        "{}",
        run.stdout
    );
    // The same in an OpenAPI document.
    let api = |schema: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    get:\n      parameters:\n        - {{name: q, in: query, schema: {schema}}}\n      responses:\n        '200': {{description: ok}}\n"
        )
    };
    s.write("a.yaml", api("{type: integer, multipleOf: 5}"));
    s.write("b.yaml", api("{type: integer, multipleOf: 0}"));
    let run = s.run(&["diff", "a.yaml", "b.yaml"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains("b.yaml:7:") && run.stdout.contains("[keyword-value-invalid]"),
        "{}",
        run.stdout
    );
}

#[test]
fn many_alternatives_are_decided_both_ways() {
    // A `oneOf` of 600 branches with 10 added: every branch is a
    // difference's candidate, and a proof that went branch by branch spent
    // its budget on the first ones and answered "cannot tell" both ways.
    let s = Scratch::new();
    let one_of = |n: usize| {
        let branches: Vec<String> = (0..n)
            .map(|i| format!("{{\"type\": \"object\", \"required\": [\"p{i}\"]}}"))
            .collect();
        format!(
            "{{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"oneOf\": [{}]}}",
            branches.join(", ")
        )
    };
    s.write("base.json", one_of(600));
    s.write("revision.json", one_of(610));
    let run = s.run(&[
        "diff",
        "base.json",
        "revision.json",
        "--level",
        "info",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json report");
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    // An object with `p0` and a new branch's member matched one branch and
    // now matches two; one with only the new member matched none.
    assert!(rules.contains(&"branches-narrowed"), "{rules:?}");
    assert!(rules.contains(&"branches-widened"), "{rules:?}");
    assert!(!rules.contains(&"compatibility-undecided"), "{rules:?}");
}

#[test]
fn a_schema_shared_by_members_is_one_difference() {
    // The difference found through `/a` is relaxed where it is, in the
    // shared definition: what was learnt about `/b` and `/c` through it is
    // forgotten, not reported again (nor left as "cannot tell").
    let s = Scratch::new();
    let schema = |t: &str| {
        format!(
            r##"{{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
              "required": ["a", "b", "c"],
              "properties": {{"a": {{"$ref": "#/$defs/T"}}, "b": {{"$ref": "#/$defs/T"}},
                              "c": {{"type": "array", "items": {{"$ref": "#/$defs/T"}}}}}},
              "$defs": {{"T": {t}}}}}"##
        )
    };
    s.write("base.json", schema(r#"{"type": "string", "maxLength": 5}"#));
    s.write(
        "revision.json",
        schema(r#"{"type": "integer", "maximum": 5}"#),
    );
    let run = s.run(&["diff", "base.json", "revision.json", "--level", "info"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.ends_with("\n1 error, 1 info\n"),
        "one difference each way:\n{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("compatibility-undecided"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_huge_repetition_in_a_pattern_costs_what_a_small_one_does() {
    // `{2,2147483647}` unrolled into an automaton of two billion states
    // (24 GB, minutes) before its size was bounded; found by the mutation
    // test. Under 512 MiB it must answer, either way, like `{2,39}` does.
    let s = Scratch::new();
    let pattern = |repeat: &str| {
        format!(
            r#"{{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string", "pattern": "^[A-Z0-9][A-Z0-9-]{{2,{repeat}}}$"}}"#
        )
    };
    s.write("short.json", pattern("39"));
    s.write("long.json", pattern("2147483647"));
    for (a, b) in [("short.json", "long.json"), ("long.json", "short.json")] {
        let run = s.run_within(512, &["diff", a, b, "--mode", "full", "--level", "info"]);
        assert!(
            run.code == 0 || run.code == 1,
            "{a} -> {b}: an answer, not a crash\n{}",
            run.transcript()
        );
        assert!(run.stderr.is_empty(), "{}", run.transcript());
    }
}

/// A draft-07 tuple (`items` as a list, `additionalItems`) without
/// `$schema`: what its change means depends on the dialect it is read in.
fn tuples(s: &Scratch) {
    s.write(
        "old.json",
        r#"{"type": "object", "properties": {"tags": {"type": "array",
            "items": [{"type": "string"}], "additionalItems": {"type": "string"}}}}"#,
    );
    s.write(
        "new.json",
        r#"{"type": "object", "properties": {"tags": {"type": "array",
            "items": [{"type": "string"}], "additionalItems": false}}}"#,
    );
}

#[test]
fn the_dialect_of_schemas_without_schema_is_the_users_to_say() {
    let s = Scratch::new();
    tuples(&s);
    let diff_json = |extra: &[&str]| {
        let mut args = vec!["diff", "old.json", "new.json", "--format", "json"];
        args.extend_from_slice(extra);
        s.run(&args)
    };
    // Read as 2020-12 (the default), `additionalItems` is not a keyword.
    let default = diff_json(&[]);
    assert_eq!(default.code, 0, "{}", default.transcript());
    assert_eq!(
        default.json()["compared"]["base"]["kind"],
        "JSON Schema 2020-12"
    );
    assert_eq!(default.json()["compared"]["base"]["dialect_assumed"], true);
    assert!(
        default
            .stderr
            .contains("old.json has no `$schema`: read as JSON Schema 2020-12"),
        "{}",
        default.transcript()
    );
    // Read as draft-07, the closed tail is a break.
    let draft7 = diff_json(&["--dialect", "draft7"]);
    assert_eq!(draft7.code, 1, "{}", draft7.transcript());
    assert_eq!(
        draft7.json()["compared"]["revision"]["kind"],
        "JSON Schema draft-07"
    );
    assert_eq!(draft7.json()["findings"][0]["rule"], "items-narrowed");
    // accord.yaml says it once for the repository.
    s.write("accord.yaml", "schemas:\n  dialect: draft-07\n");
    let configured = s.run(&["diff", "old.json", "new.json"]);
    assert_eq!(configured.code, 1, "{}", configured.transcript());
    assert!(
        configured.stdout.contains("[items-narrowed]"),
        "{}",
        configured.transcript()
    );
    // A schema that says `$schema` is read as it says, whatever the setting.
    for file in ["old.json", "new.json"] {
        let text = s.read(file).replacen(
            '{',
            r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "#,
            1,
        );
        s.write(file, text);
    }
    let declared = diff_json(&["--dialect", "draft7"]);
    assert_eq!(declared.code, 0, "{}", declared.transcript());
    assert_eq!(
        declared.json()["compared"]["base"]["dialect_assumed"],
        false
    );
    // A dialect accord does not know is refused, saying which it knows.
    let unknown = s.run(&["diff", "old.json", "new.json", "--dialect", "draft3"]);
    assert_eq!(unknown.code, 2, "{}", unknown.transcript());
    assert!(
        unknown
            .stderr
            .contains("one of draft4, draft6, draft7, 2019-09, 2020-12")
    );
}

#[test]
fn a_subject_says_its_own_dialect() {
    let s = Scratch::new();
    tuples(&s);
    s.write(
        "accord.yaml",
        "subjects:\n  tags:\n    kind: schema\n    file: old.json\n    dialect: draft7\n",
    );
    // old.json is read as draft-07; new.json (no subject) as 2020-12, where
    // a list under `items` is not a tuple: the two readings differ.
    let run = s.run(&["diff", "old.json", "new.json", "--format", "json"]);
    let report = run.json();
    assert_eq!(report["compared"]["base"]["kind"], "JSON Schema draft-07");
    assert_eq!(
        report["compared"]["revision"]["kind"],
        "JSON Schema 2020-12"
    );
    let bad = s.run(&["diff", "old.json", "new.json"]);
    assert_eq!(bad.code, run.code);
    s.write(
        "accord.yaml",
        "subjects:\n  tags:\n    kind: schema\n    file: old.json\n    dialect: draft-3\n",
    );
    let refused = s.run(&["check"]);
    assert_eq!(refused.code, 2, "{}", refused.transcript());
    assert!(
        refused
            .stderr
            .contains("unknown JSON Schema dialect `draft-3`"),
        "{}",
        refused.transcript()
    );
}

#[test]
fn published_refs_resolve_from_a_local_copy_never_the_network() {
    let s = Scratch::new();
    s.write(
        "contracts/common/address.json",
        r#"{"type": "object", "required": ["city"], "properties": {"city": {"type": "string"}}}"#,
    );
    s.write(
        "old.json",
        r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
            "properties": {"billing": {"$ref": "https://schemas.example.com/address.json"}}}"#,
    );
    s.write(
        "new.json",
        r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
            "properties": {"billing": {"type": "object", "required": ["city", "zip"]}}}"#,
    );
    // Unmapped: the reference stays opaque (a warning), and the change
    // cannot be decided.
    let opaque = s.run(&["diff", "old.json", "new.json"]);
    assert!(
        opaque.stderr.contains("was not fetched"),
        "{}",
        opaque.transcript()
    );
    // Mapped on the command line: the new required `zip` is found.
    let mapped = s.run(&[
        "diff",
        "old.json",
        "new.json",
        "--ref-map",
        "https://schemas.example.com/=contracts/common",
        "--format",
        "json",
    ]);
    assert_eq!(mapped.code, 1, "{}", mapped.transcript());
    assert!(
        !mapped.stderr.contains("was not fetched"),
        "{}",
        mapped.transcript()
    );
    assert!(mapped.stdout.contains("zip"), "{}", mapped.transcript());
    // And in accord.yaml, relative to it.
    s.write(
        "accord.yaml",
        "schemas:\n  ref_map:\n    https://schemas.example.com/: contracts/common\n",
    );
    let configured = s.run(&["diff", "old.json", "new.json"]);
    assert_eq!(configured.code, 1, "{}", configured.transcript());
    // A mapping whose folder lacks the file says where it looked.
    let missing = s.run(&[
        "diff",
        "old.json",
        "new.json",
        "--ref-map",
        "https://schemas.example.com/=elsewhere",
    ]);
    assert!(
        missing
            .stderr
            .contains("has no local copy at elsewhere/address.json"),
        "{}",
        missing.transcript()
    );
    let bad = s.run(&[
        "diff",
        "old.json",
        "new.json",
        "--ref-map",
        "no-equals-sign",
    ]);
    assert_eq!(bad.code, 2, "{}", bad.transcript());
    assert!(
        bad.stderr.contains("is not PREFIX=DIR"),
        "{}",
        bad.transcript()
    );
}
