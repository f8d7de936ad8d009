//! Running the binary in a scratch directory and describing what it did.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::repo;

/// The repository root (the example registry lives there).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ has a parent")
        .to_path_buf()
}

/// A temporary directory that accord runs in.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating parent folders) and returns its relative name.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> String {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, contents).expect("write");
        name.to_owned()
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path().join(name)).expect("read")
    }

    /// A file of the repository (test data), by its path from the root.
    pub fn read_repo(&self, name: &str) -> String {
        std::fs::read_to_string(repo_root().join(name)).expect("read")
    }

    /// Copies the bundled example registry's contracts here: `contracts/`,
    /// and `consumers/` (the consumers' Pact files `accord.yaml` names).
    pub fn copy_contracts(&self) {
        for folder in ["contracts", "consumers"] {
            repo::copy_dir(&repo_root().join(folder), &self.path().join(folder));
        }
    }

    /// Copies a folder of the repository (`fixtures`) here.
    pub fn copy_dir_from_repo(&self, name: &str) {
        repo::copy_dir(&repo_root().join(name), &self.path().join(name));
    }

    /// Runs `accord ARGS` here, with no colour and no proxy-reachable network.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_command(Command::new(env!("CARGO_BIN_EXE_accord")).args(args))
    }

    /// As [`run`](Self::run), with the address space limited to `mib`
    /// (`ulimit -v`): a run that tries to take more fails to allocate.
    pub fn run_within(&self, mib: u64, args: &[&str]) -> Run {
        let script = format!("ulimit -v {} && exec \"$0\" \"$@\"", mib * 1024);
        self.run_command(
            Command::new("sh")
                .arg("-c")
                .arg(script)
                .arg(env!("CARGO_BIN_EXE_accord"))
                .args(args),
        )
    }

    fn run_command(&self, command: &mut Command) -> Run {
        let output = command
            .current_dir(self.path())
            .env_remove("FORCE_COLOR")
            .env("NO_COLOR", "1")
            // Any attempt to reach the network would go nowhere.
            .env("HTTPS_PROXY", "http://127.0.0.1:9")
            .env("HTTP_PROXY", "http://127.0.0.1:9")
            .output()
            .expect("accord runs");
        Run {
            code: output
                .status
                .code()
                .expect("exited, not killed by a signal"),
            stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
            stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
        }
    }
}

/// What one run did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit code and both streams, for snapshots.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// A git repository in a scratch directory, for commands that read or
/// write git.
pub struct Git {
    pub repo: git2::Repository,
}

impl Git {
    pub fn init(s: &Scratch) -> Self {
        let repo = git2::Repository::init(s.path()).expect("git init");
        let mut config = repo.config().expect("config");
        config.set_str("user.name", "accord tests").expect("name");
        config
            .set_str("user.email", "tests@accord.example")
            .expect("email");
        Self { repo }
    }

    /// Commits every file of the work tree on the current branch.
    pub fn commit_all(&self, message: &str) -> git2::Oid {
        repo::commit_all(&self.repo, message)
    }

    /// A new branch at HEAD, checked out (HEAD points at it).
    pub fn branch(&self, name: &str) {
        let head = self
            .repo
            .head()
            .and_then(|h| h.peel_to_commit())
            .expect("a commit");
        self.repo.branch(name, &head, false).expect("branch");
        self.repo
            .set_head(&format!("refs/heads/{name}"))
            .expect("set HEAD");
    }

    /// What `register` must never touch: HEAD, the index file, and the
    /// status of every file.
    pub fn untouchables(&self, s: &Scratch) -> String {
        let head = self
            .repo
            .head()
            .ok()
            .and_then(|h| h.target())
            .map(|o| o.to_string())
            .unwrap_or_default();
        let index = std::fs::read(s.path().join(".git/index")).unwrap_or_default();
        let mut options = git2::StatusOptions::new();
        options.include_untracked(true);
        let statuses = self.repo.statuses(Some(&mut options)).expect("status");
        let mut lines: Vec<String> = statuses
            .iter()
            .map(|e| format!("{:?} {}", e.status(), e.path().unwrap_or("?")))
            .collect();
        lines.sort();
        format!(
            "HEAD {head}\nindex {} bytes, {:x}\n{}",
            index.len(),
            index
                .iter()
                .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(*b))),
            lines.join("\n")
        )
    }
}
