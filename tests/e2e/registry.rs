//! `accord register`, `versions`, `show`, `log`, and `diff SUBJECT@VERSION`
//! in temporary git repositories.

use std::process::Command;

use crate::support::{Git, Run, Scratch};

const V1: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "id": {"type": "string"},
    "name": {"type": "string"}
  },
  "required": ["id"]
}
"#;

/// `name` is now required: old records without it are rejected.
const BREAKING: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "id": {"type": "string"},
    "name": {"type": "string"}
  },
  "required": ["id", "name"]
}
"#;

/// `name` may now be null: old records are all still valid (an addition,
/// in the semver sense; a new optional property would not be one, as an
/// open model allowed it with any value before).
const ADDITION: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "id": {"type": "string"},
    "name": {"type": ["string", "null"]}
  },
  "required": ["id"]
}
"#;

/// A repository with one commit and `account.json` at `V1`.
fn repository() -> (Scratch, Git) {
    let s = Scratch::new();
    let git = Git::init(&s);
    s.write("README.md", "a registry\n");
    s.write("account.json", V1);
    git.commit_all("start");
    (s, git)
}

fn register(s: &Scratch, version: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "register",
        "account.json",
        "--subject",
        "account",
        "--version",
        version,
    ];
    args.extend_from_slice(extra);
    s.run(&args)
}

/// The commit the registry branch points at.
fn registry_tip(git: &Git) -> git2::Oid {
    git.repo
        .refname_to_id("refs/heads/accord-registry")
        .expect("the registry branch")
}

/// The commit a tag names.
fn tagged(git: &Git, tag: &str) -> git2::Oid {
    git.repo
        .find_reference(&format!("refs/tags/{tag}"))
        .and_then(|r| r.peel_to_commit())
        .unwrap_or_else(|e| panic!("tag {tag}: {e}"))
        .id()
}

fn tags(git: &Git) -> Vec<String> {
    let mut tags: Vec<String> = git
        .repo
        .tag_names(None)
        .expect("tags")
        .iter()
        .flatten()
        .flatten()
        .map(str::to_owned)
        .collect();
    tags.sort();
    tags
}

#[test]
fn a_subjects_life_in_the_registry() {
    let (s, git) = repository();
    let untouched = git.untouchables(&s);

    // The first version lands, as a commit on the registry branch and a tag.
    let run = register(&s, "1.0.0", &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("registered account 1.0.0, its first version (mode backward)"),
        "{}",
        run.stderr
    );
    assert_eq!(tags(&git), ["account/v1.0.0"]);
    assert!(
        git.repo
            .find_branch("accord-registry", git2::BranchType::Local)
            .is_ok()
    );
    assert_eq!(
        git.untouchables(&s),
        untouched,
        "register touched the work tree, index or HEAD"
    );

    // Again, the same content: a no-op (a CI retry is safe).
    let run = register(&s, "1.0.0", &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stderr.contains("nothing to do"), "{}", run.stderr);

    // Other content under the same version: refused, exit 2.
    s.write("account.json", ADDITION);
    let run = register(&s, "1.0.0", &[]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("account@1.0.0 is registered already, with other content"),
        "{}",
        run.stderr
    );

    // A breaking change as a minor release: refused, with its findings.
    s.write("account.json", BREAKING);
    let run = register(&s, "1.1.0", &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let report = run.json();
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule"))
        .collect();
    assert!(rules.contains(&"semver-major-bump-required"), "{rules:?}");
    assert!(rules.contains(&"required-property-added"), "{rules:?}");
    assert!(run.stderr.contains("refused"), "{}", run.stderr);
    assert_eq!(tags(&git), ["account/v1.0.0"]);

    // An addition as a patch release: a wrong bump, refused.
    s.write("account.json", ADDITION);
    let run = register(&s, "1.0.1", &[]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains("semver-minor-bump-required"),
        "{}",
        run.stdout
    );

    // The same addition as a minor release lands.
    let run = register(&s, "1.1.0", &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());

    // The breaking change as a major release lands, its findings reported.
    s.write("account.json", BREAKING);
    let run = register(&s, "2.0.0", &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains("required-property-added"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("allowed: 2.0.0 starts a new major version"),
        "{}",
        run.stdout
    );

    assert_eq!(
        tags(&git),
        ["account/v1.0.0", "account/v1.1.0", "account/v2.0.0"]
    );
    // Every tag is an annotated tag on a commit of the registry branch.
    for tag in tags(&git) {
        let reference = git
            .repo
            .find_reference(&format!("refs/tags/{tag}"))
            .expect("tag");
        assert!(reference.peel_to_tag().is_ok(), "{tag} is not annotated");
    }

    // Reading it back.
    let run = s.run(&["versions", "account"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let listed: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(listed, ["1.0.0", "1.1.0", "2.0.0"]);
    let run = s.run(&["show", "account@1.0.0"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stdout, V1);
    let run = s.run(&["show", "account@latest"]);
    assert_eq!(run.stdout, BREAKING);
    let run = s.run(&["log", "account"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(
        run.stdout.matches("\ncommit ").count() + 1,
        3,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("register account 2.0.0"),
        "{}",
        run.stdout
    );

    // SUBJECT@VERSION as BASE and REVISION of diff.
    let run = s.run(&["diff", "--format", "json", "account@1.1.0", "account@2.0.0"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let file = run.json()["findings"][0]["location"]["file"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(file, "account@2.0.0:account.json");
    let run = s.run(&["diff", "account@1.0.0", "account@9.0.0"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("`account@9.0.0` is not registered (versions: 1.0.0, 1.1.0, 2.0.0)"),
        "{}",
        run.stderr
    );

    // Nothing of it touched the work tree (but for our own edits of
    // account.json), the index or HEAD.
    s.write("account.json", V1);
    assert_eq!(git.untouchables(&s), untouched);
}

#[test]
fn a_breaking_change_forced_with_a_reason_keeps_the_reason() {
    let (s, git) = repository();
    assert_eq!(register(&s, "1.0.0", &[]).code, 0);
    s.write("account.json", BREAKING);
    let run = register(&s, "1.1.0", &["--allow-breaking"]);
    assert_eq!(
        run.code,
        2,
        "--allow-breaking needs --reason: {}",
        run.transcript()
    );
    let run = register(
        &s,
        "1.1.0",
        &[
            "--allow-breaking",
            "--reason",
            "CRM-1234: name was always sent",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("allowed: CRM-1234"), "{}", run.stdout);
    let run = s.run(&["versions", "account"]);
    assert!(
        run.stdout
            .contains("breaking change allowed: CRM-1234: name was always sent"),
        "{}",
        run.stdout
    );
    let tip = git.repo.find_commit(registry_tip(&git)).expect("commit");
    assert!(
        tip.message()
            .unwrap_or_default()
            .contains("breaking change allowed: CRM-1234")
    );
}

/// `type` of `code` narrowed from string-or-integer to string (forced as
/// 1.1.0), then 1.2.0 allows null too: compatible with 1.1.0, not with
/// 1.0.0.
#[test]
fn a_transitive_mode_checks_every_earlier_version() {
    let schema = |code_type: &str| {
        format!(r#"{{"type": "object", "properties": {{"code": {{"type": {code_type}}}}}}}"#)
    };
    for (mode, expected) in [("backward-transitive", 1), ("backward", 0)] {
        let (s, _git) = repository();
        let reg = |version: &str, extra: &[&str]| {
            let mut args = vec![
                "register",
                "code.json",
                "--subject",
                "code",
                "--version",
                version,
                "--mode",
                mode,
            ];
            args.extend_from_slice(extra);
            s.run(&args)
        };
        s.write("code.json", schema(r#"["string", "integer"]"#));
        assert_eq!(reg("1.0.0", &[]).code, 0);
        s.write("code.json", schema(r#""string""#));
        let run = reg(
            "1.1.0",
            &["--allow-breaking", "--reason", "integers were never sent"],
        );
        assert_eq!(run.code, 0, "{}", run.transcript());
        s.write("code.json", schema(r#"["string", "null"]"#));
        let run = reg("1.2.0", &[]);
        assert_eq!(run.code, expected, "{mode}: {}", run.transcript());
        if expected == 1 {
            assert!(run.stdout.contains("against code@1.0.0"), "{}", run.stdout);
        }
    }
}

#[test]
fn a_mode_set_at_first_registration_is_kept() {
    let (s, _git) = repository();
    assert_eq!(register(&s, "1.0.0", &["--mode", "full"]).code, 0);
    s.write("account.json", ADDITION);
    let run = register(&s, "1.1.0", &["--mode", "none"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("was first registered with mode `full`"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_registrations_are_usage_errors() {
    let (s, _git) = repository();
    for (args, message) in [
        (
            vec![
                "register",
                "account.json",
                "--subject",
                "account",
                "--version",
                "1.0",
            ],
            "`1.0` is not a semver version",
        ),
        (
            vec![
                "register",
                "account.json",
                "--subject",
                "a/b",
                "--version",
                "1.0.0",
            ],
            "`a/b` is not a subject name",
        ),
        (
            vec![
                "register",
                "missing.json",
                "--subject",
                "account",
                "--version",
                "1.0.0",
            ],
            "missing.json",
        ),
        (
            vec!["versions", "nothing"],
            "`nothing` has no registered version",
        ),
        (vec!["show", "account"], "expected SUBJECT@VERSION"),
    ] {
        let run = s.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.transcript());
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
    let outside = Scratch::new();
    outside.write("account.json", V1);
    let run = outside.run(&[
        "register",
        "account.json",
        "--subject",
        "account",
        "--version",
        "1.0.0",
    ]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("not in a git repository"),
        "{}",
        run.stderr
    );
}

/// Starts `accord` with `args` in `s` without waiting.
fn spawn(s: &Scratch, args: &[String]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .current_dir(s.path())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("accord starts")
}

fn finish(child: std::process::Child) -> Run {
    let output = child.wait_with_output().expect("accord ends");
    Run {
        code: output.status.code().expect("exited"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn fsck(s: &Scratch) {
    let output = Command::new("git")
        .args(["fsck", "--strict", "--no-dangling"])
        .current_dir(s.path())
        .output();
    match output {
        Ok(output) => assert!(
            output.status.success(),
            "git fsck: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(e) => eprintln!("skipped git fsck: no git binary ({e})"),
    }
}

#[test]
fn parallel_registrations_all_land_once() {
    let (s, git) = repository();
    let subjects: Vec<String> = (1..=8).map(|i| format!("subject-{i}")).collect();
    for (i, subject) in subjects.iter().enumerate() {
        s.write(
            &format!("{subject}.json"),
            V1.replace("\"name\"", &format!("\"name{i}\"")),
        );
    }
    let children: Vec<_> = subjects
        .iter()
        .map(|subject| {
            let args: Vec<String> = [
                "register",
                &format!("{subject}.json"),
                "--subject",
                subject,
                "--version",
                "1.0.0",
            ]
            .iter()
            .map(|a| (*a).to_owned())
            .collect();
            spawn(&s, &args)
        })
        .collect();
    for child in children {
        let run = finish(child);
        assert_eq!(run.code, 0, "{}", run.transcript());
    }
    let expected: Vec<String> = subjects.iter().map(|s| format!("{s}/v1.0.0")).collect();
    assert_eq!(tags(&git), expected);
    // One commit per registration, in one line of history.
    let mut walk = git.repo.revwalk().expect("walk");
    walk.push(registry_tip(&git)).expect("push");
    assert_eq!(walk.count(), 8);
    for subject in &subjects {
        let run = s.run(&["versions", subject]);
        assert_eq!(run.code, 0, "{}", run.transcript());
    }
    fsck(&s);
}

#[test]
fn the_same_version_twice_at_once_lands_once() {
    let (s, git) = repository();
    // The same content: one lands, the other finds it there (no-op).
    let args: Vec<String> = [
        "register",
        "account.json",
        "--subject",
        "account",
        "--version",
        "1.0.0",
    ]
    .iter()
    .map(|a| (*a).to_owned())
    .collect();
    let (a, b) = (spawn(&s, &args), spawn(&s, &args));
    let (a, b) = (finish(a), finish(b));
    assert_eq!(
        (a.code, b.code),
        (0, 0),
        "{}\n{}",
        a.transcript(),
        b.transcript()
    );
    let landed = [&a, &b]
        .iter()
        .filter(|r| r.stderr.contains("registered account 1.0.0"))
        .count();
    assert_eq!(landed, 1, "{}\n{}", a.transcript(), b.transcript());

    // Other content under one new version: one lands, the other is refused.
    s.write("other.json", ADDITION);
    let first: Vec<String> = [
        "register",
        "account.json",
        "--subject",
        "account",
        "--version",
        "1.1.0",
    ]
    .iter()
    .map(|a| (*a).to_owned())
    .collect();
    let second: Vec<String> = [
        "register",
        "other.json",
        "--subject",
        "account",
        "--version",
        "1.1.0",
    ]
    .iter()
    .map(|a| (*a).to_owned())
    .collect();
    s.write(
        "account.json",
        ADDITION.replace(
            "\"type\": \"object\"",
            "\"type\": \"object\", \"title\": \"Account\"",
        ),
    );
    let (a, b) = (spawn(&s, &first), spawn(&s, &second));
    let (a, b) = (finish(a), finish(b));
    let mut codes = [a.code, b.code];
    codes.sort_unstable();
    assert_eq!(codes, [0, 2], "{}\n{}", a.transcript(), b.transcript());
    let refused = if a.code == 2 { &a } else { &b };
    assert!(
        refused
            .stderr
            .contains("account@1.1.0 is registered already"),
        "{}",
        refused.stderr
    );
    assert_eq!(tags(&git), ["account/v1.0.0", "account/v1.1.0"]);
    fsck(&s);
}

#[test]
fn a_lock_left_by_a_killed_registration_is_named_and_nothing_changes() {
    let (s, git) = repository();
    assert_eq!(register(&s, "1.0.0", &[]).code, 0);
    let before = registry_tip(&git);
    // What a registration killed while holding the branch leaves behind.
    let lock = s.path().join(".git/refs/heads/accord-registry.lock");
    std::fs::write(&lock, format!("{before}\n")).expect("lock");
    s.write("account.json", ADDITION);
    let run = register(&s, "1.1.0", &["--lock-timeout", "1"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("stayed locked"), "{}", run.stderr);
    assert!(
        run.stderr.contains("accord-registry.lock"),
        "{}",
        run.stderr
    );
    assert_eq!(registry_tip(&git), before);
    assert_eq!(tags(&git), ["account/v1.0.0"]);
    // Once it is gone, the same registration lands.
    std::fs::remove_file(&lock).expect("unlock");
    let run = register(&s, "1.1.0", &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    fsck(&s);
}

/// Makes `path` look a minute old (a lock left by a killed process).
fn age(path: &std::path::Path) {
    let done = Command::new("touch")
        .args(["-d", "1 minute ago"])
        .arg(path)
        .status()
        .expect("touch runs");
    assert!(done.success());
}

#[test]
fn every_interruption_is_repaired_by_a_plain_retry() {
    let (s, git) = repository();
    assert_eq!(register(&s, "1.0.0", &[]).code, 0);

    // Killed holding both locks: stale locks are cleared, the retry lands.
    let branch_lock = s.path().join(".git/refs/heads/accord-registry.lock");
    std::fs::write(&branch_lock, format!("{}\n", registry_tip(&git))).expect("lock");
    age(&branch_lock);
    std::fs::create_dir_all(s.path().join(".git/refs/tags/account")).expect("dir");
    let tag_lock = s.path().join(".git/refs/tags/account/v1.1.0.lock");
    std::fs::write(&tag_lock, "0000000000000000000000000000000000000000\n").expect("lock");
    age(&tag_lock);
    s.write("account.json", ADDITION);
    let run = register(&s, "1.1.0", &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(!branch_lock.exists() && !tag_lock.exists());
    assert_eq!(tags(&git), ["account/v1.0.0", "account/v1.1.0"]);
    fsck(&s);

    // Killed between the branch and the tag: the tag is missing. A retry
    // tags the commit that added the version, even after others landed.
    let adding = tagged(&git, "account/v1.1.0");
    git.repo
        .find_reference("refs/tags/account/v1.1.0")
        .and_then(|mut r| r.delete())
        .expect("deleted");
    s.write("account.json", BREAKING);
    let run = register(&s, "2.0.0", &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    s.write("account.json", ADDITION);
    let run = register(&s, "1.1.0", &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let restored = tagged(&git, "account/v1.1.0");
    assert_eq!(
        restored, adding,
        "the tag names the commit that added 1.1.0"
    );

    // A tag an interrupted run left on a commit the branch never took
    // (accord's own): removed and written again at the landed commit.
    let tip = git.repo.find_commit(registry_tip(&git)).expect("tip");
    let orphan = git
        .repo
        .commit(
            None,
            &tip.author(),
            &tip.committer(),
            "accord register account 3.0.0 (never landed)",
            &tip.tree().expect("tree"),
            &[&tip],
        )
        .expect("orphan commit");
    let target = git.repo.find_object(orphan, None).expect("object");
    git.repo
        .tag(
            "account/v3.0.0",
            &target,
            &tip.author(),
            "account 3.0.0\n",
            false,
        )
        .expect("orphan tag");
    s.write("account.json", BREAKING);
    let run = register(&s, "3.0.0", &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(tagged(&git, "account/v3.0.0"), registry_tip(&git));
    fsck(&s);

    // A tag of that name accord did not write is never overwritten.
    let head = git
        .repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .expect("head");
    git.repo
        .tag_lightweight("account/v4.0.0", head.as_object(), false)
        .expect("a team's own tag");
    let before = registry_tip(&git);
    let run = register(&s, "4.0.0", &[]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("`refs/tags/account/v4.0.0` already exists and was not written by accord"),
        "{}",
        run.stderr
    );
    assert_eq!(registry_tip(&git), before, "nothing landed");
    assert_eq!(tagged(&git, "account/v4.0.0"), head.id());
}
