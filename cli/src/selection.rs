//! What a run over fixtures starts from, the same for `replay`, `drift`
//! and `record`: the systems' contracts, the fixtures below the folder,
//! the requests an environment lists (for `record`), narrowed to one
//! system, one tenant, one shard, every name checked against
//! `accord.yaml`.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use std::path::{Path, PathBuf};

use crate::config::{Config, ListedRequest};
use crate::exchange::{self, Recorded, ReplayError, Systems};
use crate::shard::Shard;

/// Which fixtures to take.
#[derive(Default)]
pub struct Selection<'a> {
    /// The fixtures folder (default: `fixtures/` beside `accord.yaml`).
    pub fixtures: Option<&'a Path>,
    pub system: Option<&'a str>,
    pub tenant: Option<&'a str>,
    pub shard: Option<Shard>,
    /// Requests to add where no fixture has their id yet (an
    /// environment's `requests`, for `record`).
    pub listed: &'a [ListedRequest],
}

/// The contracts and the fixtures selected.
pub struct Selected {
    pub systems: Systems,
    pub recorded: Vec<Recorded>,
}

impl Selection<'_> {
    /// Loads the systems and the fixtures this selection takes. A
    /// `--system` or `--tenant` that `accord.yaml` does not name, or a
    /// fixture of a system it does not name, is an error, not an empty run.
    pub fn load(&self, config: &Config) -> Result<Selected, ReplayError> {
        let named = |flag: &str, name: &str| {
            ReplayError::Input(format!(
                "{flag} {name}: not in {}",
                config.document.display_path()
            ))
        };
        if let Some(system) = self.system
            && config.system(system).is_none()
        {
            return Err(named("--system", system));
        }
        if let Some(tenant) = self.tenant
            && !config.tenants.iter().any(|t| t.name == tenant)
        {
            return Err(named("--tenant", tenant));
        }
        let systems = Systems::load(config)?;
        let dir = self
            .fixtures
            .map_or_else(|| config.resolve(Path::new("fixtures")), Path::to_path_buf);
        let mut recorded = exchange::read_fixtures(&dir)?;
        for request in self.listed {
            if !recorded.iter().any(|r| r.fixture.id == request.id) {
                recorded.push(to_record(&dir, &systems, request)?);
            }
        }
        recorded.retain(|r| {
            self.system.is_none_or(|s| r.fixture.system == s)
                && self
                    .tenant
                    .is_none_or(|t| r.fixture.tenant.as_deref() == Some(t))
                && self.shard.is_none_or(|s| s.includes(&r.fixture.id))
        });
        if let Some(r) = recorded
            .iter()
            .find(|r| !systems.contracts.contains_key(&r.fixture.system))
        {
            return Err(ReplayError::Input(format!(
                "{}: the fixture's system `{}` is not a system of accord.yaml",
                r.document.display_path(),
                r.fixture.system
            )));
        }
        Ok(Selected { systems, recorded })
    }
}

/// A listed request as a fixture not yet recorded, in the file it will be
/// written to (`fixtures/<system>/<tenant>/<id>.yaml`).
fn to_record(
    dir: &Path,
    systems: &Systems,
    listed: &ListedRequest,
) -> Result<Recorded, ReplayError> {
    let file: PathBuf = dir
        .join(&listed.system)
        .join(listed.tenant.as_deref().unwrap_or("shared"))
        .join(format!("{}.yaml", listed.id));
    let operation = systems
        .contracts
        .get(&listed.system)
        .and_then(|(_, contract)| {
            crate::fixtures::operations::Table::of(contract)
                .find(&listed.request.method, &listed.request.path)
                .ok()
                .map(|op| op.name())
        });
    let fixture = crate::fixtures::Fixture {
        id: listed.id.clone(),
        system: listed.system.clone(),
        tenant: listed.tenant.clone(),
        operation,
        recorded_at: None,
        request: listed.request.clone(),
        response: crate::fixtures::Response::default(),
        file: file.clone(),
    };
    let text = crate::fixtures::yaml_out::to_yaml(&fixture.to_value());
    let document = crate::load::Document::parse(file, text.into_bytes())?;
    Ok(Recorded { fixture, document })
}
