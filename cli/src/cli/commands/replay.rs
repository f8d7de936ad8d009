//! `accord replay`.

use std::io::Write;

use super::registry::config;
use crate::cli::args::ReplayArgs;
use crate::cli::{Error, note};
use crate::findings::Outcome;
use crate::replay;
use crate::selection::{Selected, Selection};

pub fn run(args: &ReplayArgs, color: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    let Some(config) = config(&args.registry)? else {
        return Err(Error::Input(
            "replay needs accord.yaml (its systems name the contracts fixtures are replayed against)".to_owned(),
        ));
    };
    let Selected { systems, recorded } = Selection {
        fixtures: args.fixtures.as_deref(),
        system: args.system.as_deref(),
        tenant: args.tenant.as_deref(),
        shard: args.shard,
        listed: &[],
    }
    .load(&config)?;
    let (mut findings, served) = replay::run(&config, &systems, &recorded)?;
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
