//! `accord rules` and `accord explain`.

use crate::support::Scratch;

#[test]
fn rules_lists_every_rule_in_text_and_json() {
    let s = Scratch::new();
    let text = s.run(&["rules"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout
            .lines()
            .any(|l| l.starts_with("response-required-property-removed ") && l.contains(" error ")),
        "{}",
        text.stdout
    );
    let json = s.run(&["rules", "--format", "json"]).json();
    let rules = json.as_array().expect("an array");
    assert!(rules.len() >= 5);
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    for id in [
        "api-path-removed-without-deprecation",
        "api-removed-without-deprecation",
        "response-required-property-removed",
        "new-required-request-property",
        "request-parameter-removed",
    ] {
        assert!(ids.contains(&id), "{id} missing");
    }
    assert!(rules.iter().all(|r| {
        r["doc"]
            .as_str()
            .is_some_and(|d| d.contains("## What it does"))
    }));
}

#[test]
fn explain_prints_the_rules_documentation() {
    let run = Scratch::new().run(&["explain", "request-parameter-removed"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .starts_with("# request-parameter-removed\n\nlevel: warning"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("## Why is it breaking?"));
}

#[test]
fn explain_an_unknown_rule_suggests_near_ones() {
    let run = Scratch::new().run(&["explain", "response-required-property-remove"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: unknown rule `response-required-property-remove`: did you mean \
             `response-required-property-removed`, "
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches('`').count() / 2,
        6,
        "five suggestions: {}",
        run.stderr
    );
}

#[test]
fn explain_says_who_a_change_affects() {
    let run = Scratch::new().run(&["explain", "response-required-property-removed"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("## Who is affected"), "{}", run.stdout);
    assert!(run.stdout.contains("(`affects`)"), "{}", run.stdout);
    // Rules that are not about an API's changes have no such section.
    let run = Scratch::new().run(&["explain", "consumer-expectation-unsupported"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(!run.stdout.contains("## Who is affected"), "{}", run.stdout);
    assert!(run.stdout.contains("family: consumer"), "{}", run.stdout);
}
