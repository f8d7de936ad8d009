//! Who the findings of `diff` and `register` reach: the usage the
//! repository shows (its fixtures) of the systems whose contract the
//! subject is. `check` does the same with the fixtures it reads anyway.

use std::path::Path;

use crate::cli::warn;
use crate::config::Config;
use crate::findings::Finding;
use crate::model::spec::ContractSpec;
use crate::tenants::absolute;
use crate::usage::Usage;

/// Says on each finding who uses what it changes, when `subject` is the
/// contract of a system of `config`. A fixture that cannot be read leaves
/// the findings as they are, with a warning: the diff itself stands.
pub fn annotate(config: &Config, subject: &str, findings: &mut [Finding]) {
    let systems = config.systems_of(subject);
    if systems.is_empty() || findings.is_empty() {
        return;
    }
    match Usage::of_repository(config) {
        Ok(usage) => usage.annotate(findings, &systems),
        Err(e) => warn(&format!("{e} (who the findings affect is not said)")),
    }
}

/// The subject two contract arguments are: the revision's, else the base's.
pub fn subject_of_pair(config: &Config, base: &str, revision: &str) -> Option<String> {
    subject_of(config, revision).or_else(|| subject_of(config, base))
}

/// The subject of `config` that a contract argument is: the one named
/// (`SUBJECT@VERSION`), or the one whose file it is (a file, `REV:path`).
pub fn subject_of(config: &Config, spec: &str) -> Option<String> {
    let file = match ContractSpec::parse(spec) {
        ContractSpec::Registered { subject, .. } => return Some(subject),
        ContractSpec::File(path) => path,
        ContractSpec::Git { path, .. } => Path::new(&path).to_path_buf(),
    };
    let wanted = absolute(&file);
    config
        .subjects
        .iter()
        .find(|s| absolute(&config.resolve(&s.file)) == wanted)
        .map(|s| s.name.clone())
}
