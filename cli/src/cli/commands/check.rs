//! `accord check [--base REV]`.

use std::io::Write;

use super::registry::{config, store};
use crate::check::{self, Against};
use crate::cli::args::CheckArgs;
use crate::cli::{Error, note};
use crate::diff::DiffOptions;
use crate::findings::Outcome;

pub fn run(args: &CheckArgs, color: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    let config = config(&args.registry)?;
    let store = store(&args.registry, config.as_ref())?;
    let root = store.workdir().to_path_buf();
    let against = match &args.base {
        Some(rev) => Against::MergeBase(rev),
        None => Against::Registry(&store),
    };
    let run = check::run(config.as_ref(), &root, &against, &DiffOptions::default()).map_err(
        |e| match e {
            check::CheckError::Load(e) => Error::Load(e),
            check::CheckError::Input(message) => Error::Input(message),
        },
    )?;
    let (_report, outcome) = super::finish(
        run.findings,
        run.checked.iter().map(|c| c.subject.clone()).collect(),
        Some((run.base.clone(), "the working tree".to_owned(), None)),
        &args.report,
        color,
        out,
    )?;
    if run.let_through > 0 {
        note(&format!(
            "let through {} breaking {} that no known consumer uses (gate: unused_breaking); each says so",
            run.let_through,
            if run.let_through == 1 {
                "change"
            } else {
                "changes"
            }
        ));
    }
    let count = |what: &str| run.checked.iter().filter(|c| c.outcome == what).count();
    note(&format!(
        "checked {} contracts against {} ({} compared, {} unchanged, {} new or unregistered), {} tenants, and {} fixtures and {} consumer interactions against the changed contracts",
        run.checked.len(),
        run.base,
        count("compared"),
        count("unchanged"),
        count("new") + count("not registered"),
        run.tenants,
        run.fixtures,
        run.interactions
    ));
    Ok(outcome)
}
