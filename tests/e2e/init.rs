//! `accord init`, `accord completions`, `accord man`, and the GitHub
//! Action with its example workflows.

use serde_json::Value;

use crate::support::{Git, Scratch, repo_root};

#[test]
fn init_in_an_empty_repository_makes_a_registry_that_check_accepts() {
    let s = Scratch::new();
    let git = Git::init(&s);
    let run = s.run(&["init", "--owner", "integration-team"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.is_empty(),
        "init reports on stderr: {}",
        run.stdout
    );
    for file in [
        "accord.yaml",
        "contracts/canonical/account.json",
        "contracts/apis/example.yaml",
        "fixtures/example/.gitkeep",
        ".github/workflows/contracts.yml",
    ] {
        assert!(
            run.stderr.contains(&format!("created {file}")),
            "{}",
            run.stderr
        );
    }
    assert!(s.read("accord.yaml").contains("owner: integration-team"));
    let check = s.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.transcript());
    // Registered, then broken: the gate notices.
    git.commit_all("scaffold");
    let register = s.run(&[
        "register",
        "contracts/apis/example.yaml",
        "--subject",
        "example-api",
        "--version",
        "1.0.0",
    ]);
    assert_eq!(register.code, 0, "{}", register.transcript());
    let api = s.read("contracts/apis/example.yaml");
    let path_parameter =
        "        - {name: accountId, in: path, required: true, schema: {type: string}}\n";
    assert!(api.contains(path_parameter));
    s.write(
        "contracts/apis/example.yaml",
        api.replace(
            path_parameter,
            &format!("{path_parameter}        - {{name: fields, in: query, required: true, schema: {{type: string}}}}\n"),
        ),
    );
    let check = s.run(&["check", "--format", "json"]);
    assert_eq!(check.code, 1, "{}", check.transcript());
    assert!(
        check.stdout.contains("new-required-request-parameter"),
        "{}",
        check.stdout
    );
    // The architects' page shows a change of the gate with both sides: the
    // base read from git, the revision from the work tree.
    let schema = s.read("contracts/canonical/account.json");
    s.write(
        "contracts/canonical/account.json",
        schema.replace("\"maxLength\": 255", "\"maxLength\": 100"),
    );
    let html = s.run(&["check", "--base", "HEAD", "--format", "html"]);
    assert_eq!(html.code, 1, "{}", html.transcript());
    // The lines around the change, as each side writes them.
    assert!(
        html.stdout.contains("&quot;maxLength&quot;: 255")
            && html.stdout.contains("&quot;maxLength&quot;: 100"),
        "{}",
        html.stdout
    );
    assert!(
        html.stdout.contains(":contracts/canonical/account.json:"),
        "the base side names its revision"
    );
    // Nothing is overwritten: a second init keeps every file.
    s.write("accord.yaml", "# mine\n");
    let again = s.run(&["init"]);
    assert_eq!(again.code, 0, "{}", again.transcript());
    assert_eq!(s.read("accord.yaml"), "# mine\n");
    assert!(
        again.stderr.contains("kept    accord.yaml (already there)"),
        "{}",
        again.stderr
    );
    assert!(!again.stderr.contains("created"), "{}", again.stderr);
}

#[test]
fn completions_and_the_man_page_come_from_the_clap_definitions() {
    let s = Scratch::new();
    for (shell, marker) in [
        ("bash", "_accord()"),
        ("zsh", "#compdef accord"),
        ("fish", "complete -c accord"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = s.run(&["completions", shell]);
        assert_eq!(run.code, 0, "{}", run.transcript());
        assert!(run.stdout.contains(marker), "{shell}: {}", run.stdout);
        assert!(
            run.stdout.contains("drift"),
            "{shell} completes subcommands"
        );
    }
    let man = s.run(&["man"]);
    assert_eq!(man.code, 0, "{}", man.transcript());
    assert!(man.stdout.contains(".TH accord 1"), "{}", man.stdout);
    assert!(
        man.stdout.contains("accord\\-check") || man.stdout.contains("check"),
        "{}",
        man.stdout
    );
    assert_eq!(s.run(&["completions", "tcsh"]).code, 2);
}

fn yaml(path: &str) -> Value {
    accord::load::Document::read(&repo_root().join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .root
}

#[test]
fn the_action_and_its_workflows_are_valid_and_documented() {
    let action = yaml(".github/actions/accord/action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    let inputs = action["inputs"].as_object().expect("inputs");
    // The inputs are documented with the reports and CI.
    let readme = std::fs::read_to_string(repo_root().join("docs/reports.md")).unwrap();
    for (name, input) in inputs {
        assert!(input["description"].is_string(), "{name} is described");
        assert!(
            readme.contains(&format!("`{name}`")),
            "docs/reports.md documents the input `{name}`"
        );
    }
    for needed in ["base", "format", "fail-on"] {
        assert!(inputs.contains_key(needed), "input {needed}");
    }
    let steps = action["runs"]["steps"].as_array().unwrap();
    assert!(steps.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif"))
    }));
    let run_text: String = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(run_text.contains("--format sarif") && run_text.contains("--format markdown"));
    let gate = yaml(".github/workflows/contracts.yml");
    let steps = gate["jobs"]["accord"]["steps"].as_array().unwrap();
    assert!(
        steps
            .iter()
            .any(|s| s["uses"] == "./.github/actions/accord")
    );
    assert_eq!(steps[0]["with"]["fetch-depth"], 0);
    // The template `accord init` writes is a workflow too.
    let s = Scratch::new();
    assert_eq!(
        s.run(&["init", "--action", "acme/accord/.github/actions/accord@v1"])
            .code,
        0
    );
    let written = accord::load::Document::read(&s.path().join(".github/workflows/contracts.yml"))
        .unwrap()
        .root;
    let steps = written["jobs"]["accord"]["steps"].as_array().unwrap();
    assert!(
        steps
            .iter()
            .any(|s| s["uses"] == "acme/accord/.github/actions/accord@v1")
    );
}
