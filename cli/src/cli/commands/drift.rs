//! `accord drift` and `accord record`.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::registry::config;
use crate::cli::args::{DriftArgs, LiveArgs, RecordArgs};
use crate::cli::{Error, note, warn};
use crate::config::{Config, Environment};
use crate::drift::{self, Credentials, DriftError, Rerecorded, Target};
use crate::exchange::{Recorded, Systems};
use crate::findings::Outcome;
use crate::selection::{Selected, Selection};

/// What both commands start from.
struct Setup {
    config: Config,
    environment: Environment,
    systems: Systems,
    recorded: Vec<Recorded>,
    credentials: Credentials,
}

impl Setup {
    fn target(&self) -> Target<'_> {
        Target {
            config: &self.config,
            environment: &self.environment,
            systems: &self.systems,
            credentials: &self.credentials,
        }
    }
}

fn setup(args: &LiveArgs, command: &str, listed: bool) -> Result<Setup, Error> {
    let Some(config) = config(&args.registry)? else {
        return Err(Error::Input(format!(
            "{command} needs accord.yaml (its environments say where the live systems are)"
        )));
    };
    let Some(environment) = config.environments.get(&args.env) else {
        let known: Vec<&str> = config.environments.keys().map(String::as_str).collect();
        return Err(Error::Input(format!(
            "{}: no environment `{}` (it has {})",
            config.document.display_path(),
            args.env,
            if known.is_empty() {
                "none: add one under `environments`".to_owned()
            } else {
                known.join(", ")
            }
        )));
    };
    let mut environment = environment.clone();
    for (system, url) in &args.base_urls {
        if config.system(system).is_none() {
            return Err(Error::Input(format!(
                "--base-url {system}=…: `{system}` is not a system of {}",
                config.document.display_path()
            )));
        }
        environment.base_urls.insert(system.clone(), url.clone());
    }
    let Selected { systems, recorded } = Selection {
        fixtures: args.fixtures.as_deref(),
        system: args.system.as_deref(),
        tenant: args.tenant.as_deref(),
        shard: args.shard,
        listed: if listed { &environment.requests } else { &[] },
    }
    .load(&config)?;
    let (credentials, missing) = Credentials::read(&environment, &|name| std::env::var(name).ok());
    for (tenant, system, variable) in missing {
        let used = recorded
            .iter()
            .any(|r| r.fixture.system == system && r.fixture.tenant.as_ref() == Some(&tenant));
        if used {
            warn(&format!(
                "`{variable}` is not set: {tenant}'s requests to {system} go without credentials"
            ));
        }
    }
    Ok(Setup {
        config,
        environment,
        systems,
        recorded,
        credentials,
    })
}

/// Progress on stderr: a bar redrawn in place on a terminal, a plain line
/// every tenth of the way (and at the end) elsewhere, such as CI logs.
struct Progress {
    what: &'static str,
    terminal: bool,
    state: Mutex<(usize, Instant)>,
}

impl Progress {
    fn new(what: &'static str) -> Self {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        Self {
            what,
            terminal: std::io::stderr().is_terminal() && !ci,
            state: Mutex::new((0, Instant::now())),
        }
    }

    fn tick(&self, done: usize, total: usize) {
        if total == 0 {
            return;
        }
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let mut err = std::io::stderr().lock();
        if self.terminal {
            const WIDTH: usize = 30;
            let filled = done * WIDTH / total;
            let _ = write!(
                err,
                "\r{} [{}{}] {done}/{total}",
                self.what,
                "=".repeat(filled),
                " ".repeat(WIDTH - filled)
            );
            if done == total {
                let _ = writeln!(err);
            }
        } else {
            let step = (total / 10).max(1);
            let due = done / step > state.0 / step || state.1.elapsed() > Duration::from_secs(30);
            if (done == total || due) && done > state.0 {
                let _ = writeln!(err, "{}: {done}/{total} fixtures", self.what);
                *state = (done, Instant::now());
            }
        }
    }
}

fn drift_error(e: DriftError) -> Error {
    Error::Input(e.0)
}

pub fn run(args: &DriftArgs, color: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    let setup = setup(&args.live, "drift", false)?;
    let target = setup.target();
    let progress = Progress::new("drift");
    let findings =
        drift::drift(&target, &setup.recorded, &|d, t| progress.tick(d, t)).map_err(drift_error)?;
    let (_, outcome) = super::finish(
        findings,
        setup
            .recorded
            .iter()
            .map(|r| r.fixture.id.clone())
            .collect(),
        None,
        &args.report,
        color,
        out,
    )?;
    note(&format!(
        "sent the requests of {} fixtures to environment `{}`",
        setup.recorded.len(),
        setup.environment.name
    ));
    Ok(outcome)
}

pub fn record(args: &RecordArgs, color: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    let setup = setup(&args.live, "record", true)?;
    let target = setup.target();
    let progress = Progress::new("record");
    let results = drift::record(&target, &setup.recorded, &|d, t| progress.tick(d, t))
        .map_err(drift_error)?;
    let volatile = drift::volatile(&setup.environment);
    let mut findings = Vec::new();
    let (mut changed, mut unchanged, mut added) = (0, 0, 0);
    for (r, result) in setup.recorded.iter().zip(results) {
        let (subject, owner) = drift::subject_of(&target, &r.fixture.system);
        let found = |issue: &drift::DriftIssue, at| {
            let operation = r.fixture.operation.clone();
            drift::finding(r, issue, at, subject, operation, owner.clone())
        };
        let fixture = match result {
            Rerecorded::Failed(issue, at) => {
                findings.extend(found(&issue, at));
                continue;
            }
            Rerecorded::New(fixture) => *fixture,
        };
        let redaction = setup.config.redaction_for(&fixture.system);
        let mut clean = fixture.clone();
        redaction.apply(&mut clean);
        clean.recorded_at.clone_from(&r.fixture.recorded_at);
        // A listed request recorded for the first time has no status yet.
        let first = r.fixture.response.status == 0;
        if clean == r.fixture {
            unchanged += 1;
            continue;
        }
        if first {
            added += 1;
        } else {
            changed += 1;
        }
        if args.review && first {
            note(&format!(
                "{}: new, `{}` answered `{}`",
                r.fixture.file.display(),
                r.fixture.request.path,
                clean.response.status
            ));
        } else if args.review {
            for (issue, at) in drift::structural(&r.fixture, &clean, &volatile) {
                findings.extend(found(&issue, at));
            }
        } else {
            fixture
                .write(&r.fixture.file, &redaction)
                .map_err(|e| Error::Input(e.to_string()))?;
        }
    }
    let (_, outcome) = super::finish(
        findings,
        setup
            .recorded
            .iter()
            .map(|r| r.fixture.id.clone())
            .collect(),
        None,
        &args.report,
        color,
        out,
    )?;
    let failed = setup.recorded.len() - changed - unchanged - added;
    note(&if args.review {
        format!(
            "reviewed {} fixtures against environment `{}`: {added} new, {changed} would change, {unchanged} unchanged, {failed} not recorded (nothing written)",
            setup.recorded.len(),
            setup.environment.name
        )
    } else {
        format!(
            "recorded {} fixtures from environment `{}`: {added} new, {changed} rewritten, {unchanged} unchanged, {failed} not recorded",
            setup.recorded.len(),
            setup.environment.name
        )
    });
    Ok(outcome)
}
