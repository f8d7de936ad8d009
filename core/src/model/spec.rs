//! What a contract argument names: a file, a file as it is at a git
//! revision (`REV:path`), or a registered version (`SUBJECT@VERSION`).
//! Every command that takes a contract reads its argument here, so that
//! `diff`, `show` and the gate agree on what `main:api.yaml` means.

use std::fmt;
use std::path::{Path, PathBuf};

/// A contract argument, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContractSpec {
    /// A file on disk (an existing path always wins over the other forms).
    File(PathBuf),
    /// `REV:path`: the file at a revision (a branch, a tag, `HEAD~1`).
    Git { rev: String, path: String },
    /// `SUBJECT@VERSION` or `SUBJECT@latest`: a version in the registry.
    Registered { subject: String, version: Wanted },
}

/// Which registered version a `SUBJECT@…` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    Latest,
    Exact(semver::Version),
}

impl ContractSpec {
    /// Reads `spec`. A path that exists is a file, whatever it looks like
    /// (`a@1.0.0.yaml`, `c:/x.yaml`); so is anything that is neither of the
    /// other forms (its absence is reported when it is loaded).
    pub fn parse(spec: &str) -> Self {
        let file = || Self::File(PathBuf::from(spec));
        if Path::new(spec).exists() {
            return file();
        }
        if let Some((subject, version)) = spec.rsplit_once('@')
            && subject_name_ok(subject)
        {
            let version = match version {
                "latest" => Some(Wanted::Latest),
                v => parse_version(v).ok().map(Wanted::Exact),
            };
            if let Some(version) = version {
                return Self::Registered {
                    subject: subject.to_owned(),
                    version,
                };
            }
        }
        match spec.split_once(':') {
            Some((rev, path)) if !rev.is_empty() && !path.is_empty() => Self::Git {
                rev: rev.to_owned(),
                path: path.to_owned(),
            },
            _ => file(),
        }
    }

    /// A file on disk (neither git nor the registry is needed to load it).
    pub fn is_file(&self) -> bool {
        matches!(self, Self::File(_))
    }
}

impl fmt::Display for Wanted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Latest => f.write_str("latest"),
            Self::Exact(v) => write!(f, "{v}"),
        }
    }
}

impl fmt::Display for ContractSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(path) => write!(f, "{}", path.display()),
            Self::Git { rev, path } => write!(f, "{rev}:{path}"),
            Self::Registered { subject, version } => write!(f, "{subject}@{version}"),
        }
    }
}

/// A semver version as a user types it: `1.4.0`, or `v1.4.0`.
pub fn parse_version(text: &str) -> Result<semver::Version, String> {
    let bare = text.strip_prefix('v').unwrap_or(text);
    semver::Version::parse(bare).map_err(|e| {
        format!("`{bare}` is not a semver version (MAJOR.MINOR.PATCH, e.g. 1.4.0): {e}")
    })
}

/// A subject's name: letters, digits, `.`, `_`, `-`. Subject names become
/// paths and git tags (`account/v1.2.0`): no leading `.` or `-`, no `..`,
/// no trailing `.` or `.lock`.
pub fn subject_name_ok(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(['.', '-'])
        && !name.ends_with('.')
        && !name.contains("..")
        && !name.ends_with(".lock")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_forms() {
        assert_eq!(
            ContractSpec::parse("main:contracts/api.yaml"),
            ContractSpec::Git {
                rev: "main".into(),
                path: "contracts/api.yaml".into()
            }
        );
        assert_eq!(
            ContractSpec::parse("crm.account@1.2.0"),
            ContractSpec::Registered {
                subject: "crm.account".into(),
                version: Wanted::Exact(semver::Version::new(1, 2, 0))
            }
        );
        assert_eq!(
            ContractSpec::parse("crm.account@v2.0.0").to_string(),
            "crm.account@2.0.0"
        );
        assert_eq!(
            ContractSpec::parse("crm.account@latest").to_string(),
            "crm.account@latest"
        );
        assert!(ContractSpec::parse("no/such/file.yaml").is_file());
    }

    #[test]
    fn what_is_not_a_version_or_a_revision_is_a_file() {
        // Not a version: a file name with an `@`.
        assert!(ContractSpec::parse("team@home.yaml").is_file());
        // Not a subject: a path with a `/` before the `@`.
        assert!(matches!(
            ContractSpec::parse("HEAD~1:a/b@1.0.0.yaml"),
            ContractSpec::Git { .. }
        ));
        assert!(ContractSpec::parse(":api.yaml").is_file());
        assert!(ContractSpec::parse("main:").is_file());
    }

    #[test]
    fn an_existing_file_wins() {
        let dir = std::env::temp_dir().join(format!("accord-spec-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a@1.0.0");
        std::fs::write(&file, "{}").unwrap();
        let spec = file.to_string_lossy().into_owned();
        assert_eq!(ContractSpec::parse(&spec), ContractSpec::File(file.clone()));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn versions_with_and_without_v() {
        assert_eq!(
            parse_version("v3.1.0").unwrap(),
            semver::Version::new(3, 1, 0)
        );
        let e = parse_version("v3").unwrap_err();
        assert!(e.starts_with("`3` is not a semver version"), "{e}");
    }
}
