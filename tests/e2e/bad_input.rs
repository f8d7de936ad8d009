//! Unusable input: exit 2, one line on stderr naming the file (and the line
//! where there is one), nothing on stdout, never a panic.

use crate::support::{Run, Scratch};

const OK: &str = "openapi: 3.0.3\ninfo: {title: ok, version: '1'}\npaths: {}\n";

/// Runs `accord diff` with `file` (written with `contents`) as the revision.
fn diff_against(file: &str, contents: &[u8]) -> Run {
    let s = Scratch::new();
    s.write("ok.yaml", OK);
    s.write(file, contents);
    s.run(&["diff", "ok.yaml", file])
}

fn assert_unusable(run: &Run, expected: &str) {
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert_eq!(run.stdout, "", "nothing on stdout");
    assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.stderr.trim_end(), expected);
}

#[test]
fn malformed_yaml() {
    let run = diff_against(
        "bad.yaml",
        b"openapi: 3.0.3\npaths:\n  /a:\n    get: {responses: [\n  /b: {}\n",
    );
    assert!(
        run.stderr.starts_with("error: bad.yaml:5:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("invalid YAML"), "{}", run.stderr);
    assert_eq!((run.code, run.stderr.lines().count()), (2, 1));
}

#[test]
fn malformed_json() {
    let run = diff_against(
        "bad.json",
        b"{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\n    \"/a\": {]\n  }\n}\n",
    );
    assert_unusable(
        &run,
        "error: bad.json:4:12: invalid JSON: expected a string key",
    );
}

#[test]
fn duplicate_keys() {
    let run = diff_against(
        "dup.yaml",
        b"openapi: 3.0.3\ninfo: {title: a, version: '1'}\npaths: {}\ninfo: {}\n",
    );
    assert_unusable(
        &run,
        "error: dup.yaml:4:1: invalid YAML: duplicate key `info`",
    );
}

#[test]
fn yaml_alias_bomb() {
    let mut bomb = String::from(
        "openapi: 3.0.3\nx-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        bomb += &format!("x-a{i}: &a{i} [{refs}]\n");
    }
    bomb += "paths: {}\n";
    let run = diff_against("bomb.yaml", bomb.as_bytes());
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .starts_with("error: bomb.yaml:7:47: invalid YAML: "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("aliases expand to more than 1000000 nodes (a YAML alias bomb?)\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn nesting_20000_deep() {
    let json = format!(
        "{{\"openapi\": \"3.0.3\", \"x\": {}{}}}",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    let run = diff_against("deep.json", json.as_bytes());
    assert_unusable(
        &run,
        "error: deep.json:1:4122: invalid JSON: nesting deeper than 4096 levels",
    );
    let yaml = format!(
        "openapi: 3.0.3\nx: {}{}\n",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    let run = diff_against("deep.yaml", yaml.as_bytes());
    assert_unusable(
        &run,
        "error: deep.yaml:2:259: invalid YAML: nesting deeper than 255 levels of `[…]`/`{…}` (flow style)",
    );
}

#[test]
fn a_ref_cycle_that_resolves_to_nothing() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A'}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n";
    let run = diff_against("cycle.yaml", spec.as_bytes());
    assert_unusable(
        &run,
        "error: cycle.yaml:14:9: `$ref` cycle `#/components/schemas/A` → `#/components/schemas/B` → `#/components/schemas/A` never reaches a schema",
    );
}

#[test]
fn a_recursive_schema_is_fine() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Node'}\ncomponents:\n  schemas:\n    Node:\n      type: object\n      properties:\n        children: {type: array, items: {$ref: '#/components/schemas/Node'}}\n        parent: {$ref: '#/components/schemas/Node'}\n        name: {type: string}\n";
    let s = Scratch::new();
    s.write("a.yaml", spec);
    s.write("b.yaml", spec.replace("        name: {type: string}\n", ""));
    let run = s.run(&["diff", "a.yaml", "b.yaml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    // Reported once, at its shortest path, though reachable forever.
    assert_eq!(
        run.stdout.matches("optional property").count(),
        1,
        "{}",
        run.stdout
    );
}

#[test]
fn refs_to_nothing() {
    let spec = |r: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {{$ref: '{r}'}}\n"
        )
    };
    // A dangling pointer in an existing file is what vendors ship now and
    // then: a warning, and the reference is compared as text.
    let run = diff_against("r.yaml", spec("#/components/responses/Gone").as_bytes());
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(
        run.stderr,
        "warning: r.yaml:7:17: `$ref` `#/components/responses/Gone` resolves to nothing; it is compared as an opaque reference\n"
    );
    // A referenced file that does not exist means an incomplete contract.
    let run = diff_against("f.yaml", spec("shared/responses.yaml#/Ok").as_bytes());
    assert_unusable(
        &run,
        "error: f.yaml:7:17: `$ref` `shared/responses.yaml#/Ok` points to a file that does not exist: shared/responses.yaml",
    );
}

#[test]
fn swagger_2() {
    let run = diff_against(
        "old.json",
        b"{\n  \"swagger\": \"2.0\",\n  \"paths\": {}\n}\n",
    );
    assert_unusable(
        &run,
        "error: old.json:2:3: Swagger 2.0 is not supported: accord reads OpenAPI 3.0 and 3.1 (convert it first, e.g. with swagger2openapi)",
    );
}

#[test]
fn unknown_versions() {
    let run = diff_against("v4.yaml", b"openapi: 4.0.0\npaths: {}\n");
    assert_unusable(
        &run,
        "error: v4.yaml:1:1: unsupported OpenAPI version `4.0.0`: accord reads 3.0.x and 3.1.x",
    );
    let run = diff_against(
        "s.json",
        b"{\"$schema\": \"https://json-schema.org/draft/2031-01/schema\"}",
    );
    assert_unusable(
        &run,
        "error: s.json:1:2: unknown JSON Schema version `https://json-schema.org/draft/2031-01/schema`: accord reads draft-04, -06, -07, 2019-09 and 2020-12",
    );
}

#[test]
fn non_utf8_bytes() {
    let run = diff_against("latin1.yaml", b"openapi: 3.0.3\ninfo:\n  title: Caf\xe9\n");
    assert_unusable(
        &run,
        "error: latin1.yaml:3:13: the file is not valid UTF-8 (byte 0xe9)",
    );
}

#[test]
fn a_missing_file() {
    let s = Scratch::new();
    s.write("ok.yaml", OK);
    let run = s.run(&["diff", "ok.yaml", "missing.yaml"]);
    assert_unusable(
        &run,
        "error: missing.yaml: cannot read the file: no such file",
    );
}

#[test]
fn different_kinds_of_contract() {
    let s = Scratch::new();
    s.write("ok.yaml", OK);
    s.write("schema.json", "{\"type\": \"object\"}");
    let run = s.run(&["diff", "ok.yaml", "schema.json"]);
    assert_unusable(
        &run,
        "error: ok.yaml is OpenAPI 3.0.3 but schema.json is JSON Schema 2020-12: compare two versions of the same kind of contract",
    );
}

#[test]
fn bad_arguments() {
    let s = Scratch::new();
    let run = s.run(&["diff", "only-one.yaml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("required arguments were not provided"),
        "{}",
        run.stderr
    );
    let run = s.run(&["diff", "a", "b", "--format", "pdf"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("invalid value 'pdf'"), "{}", run.stderr);
}

/// An OpenAPI document whose `200` response schema is `{$ref: target}`.
fn referring_to(target: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '{target}'}}\n"
    )
}

#[test]
fn refs_never_read_outside_the_repository() {
    let outside = Scratch::new();
    let secret = "planted-secret-7f3a";
    outside.write(
        "secret.json",
        format!("{{\"type\": \"string\", \"const\": \"{secret}\"}}"),
    );
    let secret_path = outside.path().join("secret.json");
    let s = Scratch::new();
    crate::support::Git::init(&s);
    s.write("specs/ok.yaml", OK);
    let absolute = secret_path.display().to_string();
    let relative = {
        // From specs/ up to the filesystem root, then down to the secret.
        let depth = s.path().join("specs").components().count() - 1;
        format!(
            "{}{}",
            "../".repeat(depth),
            absolute.trim_start_matches('/')
        )
    };
    s.write("specs/absolute.yaml", referring_to(&absolute));
    s.write("specs/relative.yaml", referring_to(&relative));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret_path, s.path().join("specs/link.json"))
            .expect("symlink");
        s.write("specs/symlink.yaml", referring_to("link.json"));
    }
    let mut files = vec!["absolute", "relative"];
    if cfg!(unix) {
        files.push("symlink");
    }
    for file in files {
        let path = format!("specs/{file}.yaml");
        for args in [
            vec!["diff", "specs/ok.yaml", path.as_str()],
            vec!["diff", "specs/ok.yaml", path.as_str(), "--format", "html"],
            vec!["lint", path.as_str()],
        ] {
            let run = s.run(&args);
            assert_eq!(run.code, 2, "{args:?}: {}", run.transcript());
            assert!(!run.stdout.contains(secret) && !run.stderr.contains(secret));
            assert!(
                run.stderr.starts_with(&format!("error: {path}:11:"))
                    && run.stderr.contains("outside")
                    && run.stderr.contains("--allow-outside-repo"),
                "{args:?}: names the $ref and the way out: {}",
                run.stderr
            );
        }
    }
    // The user can ask for it.
    let run = s.run(&[
        "diff",
        "specs/ok.yaml",
        "specs/absolute.yaml",
        "--allow-outside-repo",
        "--level",
        "info",
    ]);
    assert!(run.code < 2, "{}", run.transcript());
    // Outside a repository, the current folder is the limit (the
    // contract's own folder when it is not under the current one).
    let loose = Scratch::new();
    loose.write("api/ok.yaml", OK);
    loose.write("shared/inside.json", "{\"type\": \"string\"}");
    loose.write(
        "api/uses-inside.yaml",
        referring_to("../shared/inside.json"),
    );
    loose.write("api/uses-outside.yaml", referring_to(&absolute));
    let run = loose.run(&["diff", "api/ok.yaml", "api/uses-inside.yaml"]);
    assert!(run.code < 2, "{}", run.transcript());
    let run = loose.run(&["diff", "api/ok.yaml", "api/uses-outside.yaml"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_not_waited_on() {
    let s = Scratch::new();
    s.write("ok.yaml", OK);
    let fifo = s.path().join("pipe.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let run = s.run(&["diff", "ok.yaml", "pipe.yaml"]);
    assert_unusable(
        &run,
        "error: pipe.yaml: cannot read the file: not a regular file",
    );
    s.write("refers.yaml", referring_to("pipe.yaml"));
    let run = s.run(&["diff", "ok.yaml", "refers.yaml"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}

#[test]
fn an_unresolvable_name_does_not_parse_every_neighbour() {
    // A `$ref` by a name no document has makes accord look among the
    // schemas beside the contract; a 20 MB file that does not mention the
    // name is searched, not parsed (which took 600 MB).
    let s = Scratch::new();
    s.write(
        "schema.json",
        "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"urn:example:nothing\"}}}",
    );
    let mut big = String::from("[");
    for i in 0..500_000 {
        if i > 0 {
            big.push(',');
        }
        big.push_str(&format!("{{\"k\": {i}, \"v\": \"xxxxxxxxxxxxxxxxxxxx\"}}"));
    }
    big.push(']');
    s.write("neighbour.json", big);
    let run = s.run_within(400, &["diff", "schema.json", "schema.json"]);
    assert_unusable(
        &run,
        "error: schema.json:1:100: `$ref` `urn:example:nothing` cannot be resolved: it names no file and no known `$id`",
    );
    // A neighbour that does name it is still found.
    s.write(
        "named.json",
        "{\"$id\": \"urn:example:nothing\", \"type\": \"string\"}",
    );
    let run = s.run_within(400, &["diff", "schema.json", "schema.json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
}
