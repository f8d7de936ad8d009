//! `accord init`: a registry scaffolded into an existing repository —
//! `accord.yaml`, a canonical schema and a system API under `contracts/`,
//! `fixtures/`, and a pre-merge workflow — without overwriting anything.

use std::path::{Path, PathBuf};

/// What to scaffold.
pub struct Init<'a> {
    /// The repository (or directory) to scaffold into.
    pub dir: &'a Path,
    /// The team that owns the example subjects.
    pub owner: &'a str,
    /// The `uses:` of the workflow's accord step.
    pub action: &'a str,
}

/// One file `init` writes.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    Created(PathBuf),
    /// There already: left as it is.
    Kept(PathBuf),
}

/// The files and their contents.
fn files(init: &Init<'_>) -> Vec<(&'static str, String)> {
    vec![
        (
            "accord.yaml",
            include_str!("../templates/accord.yaml").replace("OWNER", init.owner),
        ),
        (
            "contracts/canonical/account.json",
            include_str!("../templates/account.json").to_owned(),
        ),
        (
            "contracts/apis/example.yaml",
            include_str!("../templates/example.yaml").to_owned(),
        ),
        ("fixtures/example/.gitkeep", String::new()),
        (
            ".github/workflows/contracts.yml",
            include_str!("../templates/workflow.yml").replace("ACTION", init.action),
        ),
    ]
}

/// Writes what is missing; keeps what is there.
pub fn run(init: &Init<'_>) -> std::io::Result<Vec<Written>> {
    let mut written = Vec::new();
    for (name, contents) in files(init) {
        let path = init.dir.join(name);
        if path.exists() {
            written.push(Written::Kept(PathBuf::from(name)));
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        // `create_new`: a file that appears meanwhile is not overwritten.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                std::io::Write::write_all(&mut file, contents.as_bytes())?;
                written.push(Written::Created(PathBuf::from(name)));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                written.push(Written::Kept(PathBuf::from(name)));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(written)
}
