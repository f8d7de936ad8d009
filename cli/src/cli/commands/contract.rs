//! Contract arguments loaded: a file, `REV:path` read from git, or
//! `SUBJECT@VERSION` from the registry ([`ContractSpec`] says which). The
//! one place a command turns its argument into a contract.

use super::registry::{config, find_version, store, store_error};
use crate::cli::Error;
use crate::cli::args::RegistryArgs;
use crate::git::{GitError, GitTree};
use crate::load::Contract;
use crate::model::spec::ContractSpec;

/// Loads BASE and REVISION; two files are read at once.
pub fn load_pair(
    base: &str,
    revision: &str,
    registry: &RegistryArgs,
) -> Result<(Contract, Contract), Error> {
    let (base, revision) = (ContractSpec::parse(base), ContractSpec::parse(revision));
    if let (ContractSpec::File(b), ContractSpec::File(r)) = (&base, &revision) {
        let (b, r) = Contract::load_pair(b, r);
        return Ok((b?, r?));
    }
    Ok((load(&base, registry)?, load(&revision, registry)?))
}

/// Loads the contract `spec` names.
pub fn load(spec: &ContractSpec, registry: &RegistryArgs) -> Result<Contract, Error> {
    match spec {
        ContractSpec::File(path) => Ok(Contract::load(path)?),
        ContractSpec::Registered { subject, version } => {
            let config = config(registry)?;
            let store = store(registry, config.as_ref())?;
            let stored = find_version(&store, subject, version)?;
            store.load(subject, &stored).map_err(store_error)
        }
        ContractSpec::Git { rev, path } => {
            let text = spec.to_string();
            let cwd =
                std::env::current_dir().map_err(|e| Error::Input(format!("`{text}`: {e}")))?;
            let mut tree = GitTree::open(&cwd, rev, &text).map_err(git_error)?;
            tree.load(path, &cwd, &text).map_err(git_error)
        }
    }
}

fn git_error(e: GitError) -> Error {
    match e {
        GitError::Load(e) => e.into(),
        other => Error::Input(other.to_string()),
    }
}
