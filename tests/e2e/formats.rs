//! Every report format from one breaking diff (a required response
//! property removed, a required query parameter added, an enum value
//! added to a response), each checked by what reads it: the official
//! SARIF 2.1.0 schema, an XML parser, headless Chromium.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::support::{Run, Scratch, repo_root};

/// The pair in a scratch directory, as `base.yaml` and `revision.yaml`.
fn pair() -> Scratch {
    let s = Scratch::new();
    for name in ["base.yaml", "revision.yaml"] {
        s.write(name, s.read_repo(&format!("tests/data/formats/{name}")));
    }
    s
}

fn diff(s: &Scratch, format: &str) -> Run {
    let run = s.run(&[
        "diff",
        "base.yaml",
        "revision.yaml",
        "--level",
        "info",
        "--format",
        format,
    ]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.is_empty(),
        "only the report, on stdout: {}",
        run.stderr
    );
    run
}

/// The official SARIF 2.1.0 schema, as the `serde-sarif` crate ships it
/// (`cargo metadata` fetches it; see cli/Cargo.toml).
fn sarif_schema() -> Option<Value> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(repo_root())
        .output()
        .ok()?;
    let metadata: Value = serde_json::from_slice(&output.stdout).ok()?;
    let manifest = metadata["packages"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == "serde-sarif")?["manifest_path"]
        .as_str()?
        .to_owned();
    let schema = PathBuf::from(manifest).parent()?.join("src/schema.json");
    serde_json::from_str(&std::fs::read_to_string(schema).ok()?).ok()
}

/// Replaces a `pattern` everywhere in a schema; how many times.
fn replace_pattern(schema: &mut Value, from: &str, to: &str) -> usize {
    match schema {
        Value::Object(map) => {
            let mut count = 0;
            for (key, value) in map.iter_mut() {
                if key == "pattern" && value == from {
                    *value = Value::from(to);
                    count += 1;
                } else {
                    count += replace_pattern(value, from, to);
                }
            }
            count
        }
        Value::Array(items) => items.iter_mut().map(|v| replace_pattern(v, from, to)).sum(),
        _ => 0,
    }
}

#[test]
fn sarif_validates_against_the_official_schema_with_located_results() {
    let s = pair();
    let run = diff(&s, "sarif");
    let sarif = run.json();
    let Some(schema) = sarif_schema() else {
        panic!("the SARIF 2.1.0 schema could not be found through `cargo metadata` (serde-sarif)");
    };
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    // The `language` patterns of the official schema have a stray `]`
    // that jsonschema's meta-validation rejects as a regex; accord writes
    // no `language`, so they are replaced by their evident intent.
    let mut schema = schema;
    let replaced = replace_pattern(
        &mut schema,
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    assert!(replaced >= 1);
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(10)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // And the schema is not a pushover.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));

    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    // Only the rules the results use, each once.
    let mut used: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    used.sort_unstable();
    used.dedup();
    let mut listed: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    listed.sort_unstable();
    assert_eq!(listed, used);
    let removed = results
        .iter()
        .find(|r| r["ruleId"] == "response-required-property-removed")
        .unwrap();
    assert_eq!(removed["level"], "error");
    let location = &removed["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "base.yaml");
    assert_eq!(location["region"]["startLine"], 23);
    assert_eq!(location["region"]["startColumn"], 9);
    assert_eq!(
        removed["partialFingerprints"]["accordFingerprint/v1"]
            .as_str()
            .unwrap()
            .len(),
        16
    );
    // Its rule's help is the rule's own documentation.
    let index = removed["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "response-required-property-removed");
    assert!(
        rules[index]["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## What it does")
    );
    assert_eq!(
        results
            .iter()
            .find(|r| r["ruleId"] == "response-property-enum-value-added")
            .unwrap()["level"],
        "warning"
    );
}

#[test]
fn junit_parses_and_fails_the_case_with_errors() {
    let s = pair();
    let run = diff(&s, "junit");
    let document = roxmltree::Document::parse(&run.stdout).expect("well-formed XML");
    let suites = document.root_element();
    assert_eq!(suites.tag_name().name(), "testsuites");
    assert_eq!(suites.attribute("failures"), Some("1"));
    let case = document
        .descendants()
        .find(|n| n.has_tag_name("testcase"))
        .expect("a test case");
    assert_eq!(case.attribute("name"), Some("GET /accounts/{accountId}"));
    let failure = case
        .children()
        .find(|n| n.has_tag_name("failure"))
        .expect("a failure");
    assert!(
        failure
            .attribute("message")
            .unwrap()
            .starts_with("2 error findings")
    );
    let text = failure.text().unwrap();
    assert!(
        text.contains("required property `email` was removed"),
        "{text}"
    );
    assert!(text.contains("base.yaml:23:9"), "{text}");
}

#[test]
fn markdown_has_the_summary_table_and_breaking_changes_first() {
    let s = pair();
    let run = diff(&s, "markdown");
    let md = &run.stdout;
    assert!(
        md.starts_with("## ❌ accord: 2 errors, 1 warning, 0 info"),
        "{md}"
    );
    assert!(
        md.contains("| subject | error | warning | info | baselined |"),
        "{md}"
    );
    assert!(
        md.contains("| **total** | **2** | **1** | **0** | **0** |"),
        "{md}"
    );
    let breaking = md.find("### Breaking changes (error)").unwrap();
    let warnings = md.find("### Warnings").unwrap();
    assert!(breaking < warnings);
    assert!(md.contains("<details open>"));
}

#[test]
fn github_lines_carry_file_line_and_column() {
    let s = pair();
    let run = diff(&s, "github");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines.contains(&"::error file=base.yaml,line=23,col=9,title=response-required-property-removed::required property `email` was removed from the `200` response (GET /accounts/{accountId})"), "{}", run.stdout);
    assert!(lines.iter().any(|l| l.starts_with(
        "::error file=revision.yaml,line=9,col=11,title=new-required-request-parameter::"
    )));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::warning file=revision.yaml,line=24,"))
    );
}

/// Debian's Chromium (`.ci/run` installs it when it can).
fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find_map(|name| {
            let path = std::env::var_os("PATH")?;
            std::env::split_paths(&path)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
}

/// Chromium without a window, a sandbox, a GPU or the network (the
/// machine's network is closed; its background requests only fail).
fn headless(chromium: &std::path::Path) -> Command {
    let mut command = Command::new(chromium);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
    ]);
    command
}

#[test]
fn html_is_self_contained_and_shows_the_findings_in_chromium() {
    let s = pair();
    let run = diff(&s, "html");
    let html = &run.stdout;
    for external in ["src=", "<link", "@import", "url(", "http://", "https://"] {
        assert!(!html.contains(external), "the page loads `{external}`");
    }
    // Both sides of the enum change, side by side.
    assert!(html.contains("before · base.yaml:24:"), "{html}");
    assert!(html.contains("after · revision.yaml:24:"), "{html}");
    let Some(chromium) = chromium() else {
        eprintln!(
            "skipped the headless Chromium part: no chromium on PATH (`apt-get install chromium`)"
        );
        return;
    };
    s.write("report.html", html);
    let page = format!("file://{}", s.path().join("report.html").display());
    let output = headless(&chromium)
        .args(["--dump-dom", &page])
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&output.stdout);
    assert!(
        dom.contains("required property `email` was removed"),
        "{dom}"
    );
    // The script ran: it counts what the filters show.
    assert!(dom.contains("3 of 3 shown"), "{dom}");
    let (scroll, inner, _) = page_width_at_1280(&chromium, &s, html);
    assert!(scroll <= inner, "{scroll} px wide in {inner} px");
}

/// Runs Chromium on a page at 1280 × 900 with a script appended that
/// records the page's width; the width and the DOM after the scripts ran.
fn page_width_at_1280(chromium: &std::path::Path, s: &Scratch, html: &str) -> (u64, u64, String) {
    let probe = html.replace(
        "</body></html>",
        "<script>document.body.setAttribute('data-width', document.documentElement.scrollWidth + '/' + window.innerWidth);</script></body></html>",
    );
    s.write("probe.html", probe);
    let page = format!("file://{}", s.path().join("probe.html").display());
    let output = headless(chromium)
        .args(["--window-size=1280,900", "--dump-dom", &page])
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&output.stdout).into_owned();
    let width = dom
        .split("data-width=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("the probe did not run: {dom}"))
        .to_owned();
    let (scroll, inner) = width.split_once('/').expect("scroll/inner");
    (
        scroll.parse().expect("a number"),
        inner.parse().expect("a number"),
        dom,
    )
}

#[test]
fn the_html_report_of_a_large_diff_fits_1280_pixels_and_shows_each_change_once() {
    // Stripe v124 → v125: one removed property of a shared schema reaches
    // 664 places; long paths, long lines in a 4 MB JSON file.
    let corpus = std::env::var_os("ACCORD_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/corpus/real-specs"));
    let stripe = corpus.join("stripe/api-spec3-json");
    if !stripe.join("v124.json").is_file() {
        eprintln!("skipped: the Stripe pair of ../shared/corpus/real-specs is absent");
        return;
    }
    let s = Scratch::new();
    let (base, revision) = (stripe.join("v124.json"), stripe.join("v125.json"));
    let run = s.run(&[
        "diff",
        base.to_str().unwrap(),
        revision.to_str().unwrap(),
        "--level",
        "info",
        "--format",
        "html",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = &run.stdout;
    // The header names both documents.
    assert!(
        html.contains("v124.json</b> → revision <b>"),
        "{}",
        &html[..2000]
    );
    // The change of the shared schema once, with every place it reaches.
    assert_eq!(
        html.matches("optional property `eu_bank_transfer` was removed")
            .count(),
        1
    );
    assert!(html.contains("reaches 664 places in 415 operations"));
    assert!(html.contains("every place (664)"));
    let Some(chromium) = chromium() else {
        eprintln!(
            "skipped the headless Chromium part: no chromium on PATH (`apt-get install chromium`)"
        );
        return;
    };
    let (scroll, inner, dom) = page_width_at_1280(&chromium, &s, html);
    assert!(
        scroll <= inner,
        "the page is {scroll} px wide in a {inner} px window"
    );
    assert!(dom.contains("13 of 13 shown"), "the filters' script ran");
    // A picture for people, beside the build.
    let shot = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("stripe-report.png");
    let _ = headless(&chromium)
        .args([
            "--window-size=1280,2400",
            &format!("--screenshot={}", shot.display()),
            &format!("file://{}", s.path().join("probe.html").display()),
        ])
        .output();
    eprintln!("the Stripe report at 1280 px: {}", shot.display());
}

#[test]
fn the_witness_is_shown_whole_in_html_and_json() {
    // The message shortens a long witness; the HTML page and the JSON
    // report carry it whole.
    let s = Scratch::new();
    s.write(
        "base.json",
        r#"{"type": "object", "properties": {"note": {"type": "string"}}}"#,
    );
    s.write(
        "revision.json",
        r#"{"type": "object", "properties": {"note": {"type": "string", "maxLength": 100}}}"#,
    );
    let json = s.run(&["diff", "base.json", "revision.json", "--format", "json"]);
    let finding = &json.json()["findings"][0];
    let witness = finding["witness"]["note"]
        .as_str()
        .expect("the witness's note");
    assert!(witness.chars().count() > 100, "{finding}");
    assert!(!finding["message"].as_str().unwrap().contains(witness));
    let html = s.run(&["diff", "base.json", "revision.json", "--format", "html"]);
    assert!(html.stdout.contains("witness (the instance in full)"));
    assert!(html.stdout.contains(witness), "{}", html.stdout);
}

#[test]
fn each_format_of_the_pair_is_as_reviewed() {
    let s = pair();
    for format in ["text", "json", "markdown", "junit", "github", "html"] {
        let run = diff(&s, format);
        insta::assert_snapshot!(format!("formats__{format}"), run.stdout);
    }
    // SARIF: the results (the rules are every rule's documentation).
    let sarif = diff(&s, "sarif").json();
    insta::assert_json_snapshot!(
        "formats__sarif_results",
        serde_json::json!({
            "version": sarif["version"],
            "driver": sarif["runs"][0]["tool"]["driver"]["name"],
            // Without `ruleIndex`, which moves when rules are added (the
            // SARIF test checks it).
            "results": sarif["runs"][0]["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    let mut r = r.clone();
                    r.as_object_mut().unwrap().remove("ruleIndex");
                    r
                })
                .collect::<Vec<_>>(),
        })
    );
}
