//! `accord replay`.

use std::io::Write;

use super::registry::config;
use crate::cli::args::ReplayArgs;
use crate::cli::{Error, note};
use crate::findings::Outcome;
use crate::replay::{self, ReplayError, Systems};

pub fn run(args: &ReplayArgs, color: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    let Some(config) = config(&args.registry)? else {
        return Err(Error::Input(
            "replay needs accord.yaml (its systems name the contracts fixtures are replayed against)".to_owned(),
        ));
    };
    let dir = args
        .fixtures
        .clone()
        .unwrap_or_else(|| config.resolve(std::path::Path::new("fixtures")));
    let input = |e: ReplayError| match e {
        ReplayError::Load(e) => Error::Load(e),
        ReplayError::Input(m) => Error::Input(m),
    };
    let systems = Systems::load(&config).map_err(input)?;
    let mut recorded = replay::read_fixtures(&dir).map_err(input)?;
    recorded.retain(|r| {
        args.system.as_ref().is_none_or(|s| &r.fixture.system == s)
            && args
                .tenant
                .as_ref()
                .is_none_or(|t| r.fixture.tenant.as_ref() == Some(t))
            && args.shard.is_none_or(|s| s.includes(&r.fixture.id))
    });
    if let Some(r) = recorded
        .iter()
        .find(|r| !systems.contracts.contains_key(&r.fixture.system))
    {
        return Err(Error::Input(format!(
            "{}: the fixture's system `{}` is not a system of accord.yaml",
            r.document.display_path(),
            r.fixture.system
        )));
    }
    let (mut findings, served) = replay::run(&config, &systems, &recorded).map_err(input)?;
    findings.extend(served.findings);
    let (_report, outcome) = super::finish(
        findings,
        recorded.iter().map(|r| r.fixture.id.clone()).collect(),
        None,
        &args.report,
        color,
        out,
    )?;
    note(&format!(
        "replayed {} fixtures of {} systems; the mock served {} of them as recorded",
        recorded.len(),
        systems.contracts.len(),
        served.as_recorded
    ));
    Ok(outcome)
}
