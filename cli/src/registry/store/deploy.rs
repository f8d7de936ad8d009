//! Deployments: which version of each subject runs in an environment,
//! kept on the registry branch as `deployments/<env>.json` and written as
//! registrations are — a commit on the tip, moved under the branch's lock,
//! built again when the branch moved meanwhile.

use std::collections::BTreeMap;

use git2::Oid;
use serde::{Deserialize, Serialize};

use super::tree::{blob_at, put};
use super::write::{backoff, pretty, rfc3339, who};
use super::{FILE, Store, StoreError};

/// One subject's version in an environment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deployed {
    pub version: String,
    /// RFC 3339, UTC.
    pub recorded_at: String,
    pub recorded_by: String,
}

/// Whether a name can be an environment's (it names a file).
pub fn environment_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Store {
    /// What runs in `environment`, by subject (empty before any record).
    pub fn deployments(&self, environment: &str) -> Result<BTreeMap<String, Deployed>, StoreError> {
        let Some(tree) = self.tip_tree()? else {
            return Ok(BTreeMap::new());
        };
        self.deployments_in(&tree, environment)
    }

    fn deployments_in(
        &self,
        tree: &git2::Tree<'_>,
        environment: &str,
    ) -> Result<BTreeMap<String, Deployed>, StoreError> {
        match blob_at(&self.repo, tree, &format!("deployments/{environment}.json"))? {
            None => Ok(BTreeMap::new()),
            Some(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| StoreError::Git(format!("deployments/{environment}.json: {e}"))),
        }
    }

    /// Records that `subject` `version` now runs in `environment`.
    pub fn record_deployment(
        &self,
        environment: &str,
        subject: &str,
        version: &semver::Version,
    ) -> Result<Oid, StoreError> {
        let signature = self.signature()?;
        let started = std::time::Instant::now();
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let tip = self.tip()?;
            let tip_tree = self.tip_tree()?;
            let mut deployed = match &tip_tree {
                Some(tree) => self.deployments_in(tree, environment)?,
                None => BTreeMap::new(),
            };
            deployed.insert(
                subject.to_owned(),
                Deployed {
                    version: version.to_string(),
                    recorded_at: rfc3339(signature.when().seconds()),
                    recorded_by: who(&signature),
                },
            );
            let blob = self.repo.blob(&pretty(&deployed)?)?;
            let file = format!("{environment}.json");
            let tree = put(
                &self.repo,
                tip_tree.as_ref(),
                &["deployments", &file],
                blob,
                FILE,
            )?;
            let message = format!("accord record-deployment {subject} {version} to {environment}");
            let commit = self.commit_on(tip, tree, &message, &signature)?;
            if self.publish(tip, commit, &signature, &message)? {
                return Ok(commit);
            }
            if started.elapsed() > self.lock_patience {
                return Err(self.locked());
            }
            std::thread::sleep(backoff(attempt));
        }
    }
}
