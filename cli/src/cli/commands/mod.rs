//! One file per command; each `run` is a short script of library calls.

mod affects;
mod baseline;
mod check;
mod consumers;
mod contract;
mod deploy;
mod diff;
mod drift;
mod explain;
mod fixtures;
mod impact;
mod lint;
mod mock;
pub(crate) mod registry;
mod replay;
mod report;
mod rules;

use std::io::Write;

use super::Error;
use super::args::{Command, ReportArgs};
use crate::baseline::Baseline;
use crate::findings::{Finding, Level, Outcome, Report};
use crate::load::Document;
use crate::model::spec::ContractSpec;
use crate::report::{Format, Style};

pub fn run(command: Command, color: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    match command {
        Command::Diff(args) => diff::run(&args, color, out),
        Command::Impact(args) => impact::run(&args, color, out),
        Command::Rules(args) => rules::run(&args, out),
        Command::Explain(args) => explain::run(&args, out),
        Command::Check(args) => check::run(&args, color, out),
        Command::Register(args) => registry::register(&args, color, out),
        Command::Versions(args) => registry::versions(&args, out),
        Command::Show(args) => registry::show(&args, out),
        Command::Log(args) => registry::log(&args, out),
        Command::Replay(args) => replay::run(&args, color, out),
        Command::Mock(args) => mock::run(&args),
        Command::Fixtures(args) => fixtures::run(&args, color, out),
        Command::Consumers(args) => consumers::run(&args, out),
        Command::VerifyConsumers(args) => consumers::verify(&args, color, out),
        Command::RecordDeployment(args) => deploy::record(&args),
        Command::CanIDeploy(args) => deploy::can_i_deploy(&args, out),
        Command::Report(args) => report::run(&args, color, out),
        Command::Drift(args) => drift::run(&args, color, out),
        Command::Record(args) => drift::record(&args, color, out),
        Command::Baseline(args) => baseline::run(&args),
        Command::Init(args) => init(&args),
        Command::Lint(args) => lint::run(&args, color, out),
        Command::Completions(args) => {
            let mut command = <super::Cli as clap::CommandFactory>::command();
            clap_complete::generate(args.shell, &mut command, "accord", out);
            Ok(Outcome::Clean)
        }
        Command::Man => {
            let command = <super::Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command).render(out)?;
            Ok(Outcome::Clean)
        }
    }
}

/// `accord init`: what it created and kept, on stderr.
fn init(args: &super::args::InitArgs) -> Result<Outcome, Error> {
    if !args.dir.is_dir() {
        return Err(Error::Input(format!(
            "{}: not a directory",
            args.dir.display()
        )));
    }
    let written = crate::init::run(&crate::init::Init {
        dir: &args.dir,
        owner: &args.owner,
        action: &args.action,
    })
    .map_err(|e| Error::Input(format!("{}: cannot write: {e}", args.dir.display())))?;
    for w in &written {
        match w {
            crate::init::Written::Created(path) => {
                super::note(&format!("created {}", path.display()))
            }
            crate::init::Written::Kept(path) => {
                super::note(&format!("kept    {} (already there)", path.display()));
            }
        }
    }
    if args.action.starts_with("your-org/") {
        super::note(
            "next: set `uses:` in .github/workflows/contracts.yml to where your organisation keeps accord (or pass --action), then `accord check`",
        );
    }
    Ok(Outcome::Clean)
}

/// What every reporting command ends with: the baseline applied
/// (`--baseline`), the report written in its format, the outcome.
/// `checked`: what the command checked, findings or not (JUnit's cases).
pub(crate) fn finish(
    mut findings: Vec<Finding>,
    checked: Vec<String>,
    compared: Option<(String, String, Option<[crate::findings::ReadAs; 2]>)>,
    args: &ReportArgs,
    color: bool,
    out: &mut dyn Write,
) -> Result<(Report, Outcome), Error> {
    if let Some(path) = &args.baseline {
        let baseline = Baseline::read(path).map_err(|e| Error::Input(e.to_string()))?;
        let applied = baseline.apply(&mut findings, crate::model::date::Date::today());
        for entry in &applied.expired {
            super::warn(&format!(
                "{}: the accepted `{}` of {} expired on {}: it counts again",
                path.display(),
                entry.rule,
                entry
                    .fixture
                    .as_deref()
                    .or(entry.operation.as_deref())
                    .or(entry.subject.as_deref())
                    .unwrap_or("the run"),
                entry.expires.as_deref().unwrap_or("?")
            ));
        }
    }
    let mut report = Report::new(findings, Level::from(args.level));
    report.checked = checked;
    if let Some((base, revision, read_as)) = compared {
        report.compared = Some((base, revision));
        report.read_as = read_as;
    }
    let format: Format = args.format.into();
    crate::report::write(&report, format, &style(color, format), out)?;
    let outcome = report.outcome(args.fail_on.into());
    Ok((report, outcome))
}

/// [`finish`] for a comparison of two contracts, as `diff` and `impact`
/// name them.
pub(crate) fn finish_pair(
    findings: Vec<Finding>,
    (base, revision): (&str, &str),
    contracts: [&crate::load::Contract; 2],
    args: &ReportArgs,
    color: bool,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let read_as = contracts.map(crate::findings::ReadAs::of);
    let compared = Some((base.to_owned(), revision.to_owned(), Some(read_as)));
    let (_report, outcome) = finish(findings, Vec::new(), compared, args, color, out)?;
    Ok(outcome)
}

/// How to render in this repository: paths from its root, links to it on
/// GitHub (in a workflow), the contracts' fragments (for HTML).
pub(crate) fn style(color: bool, format: Format) -> Style {
    let cwd = std::env::current_dir().ok();
    let repo_prefix = cwd
        .as_deref()
        .and_then(crate::git::prefix_in_repository)
        .unwrap_or_default();
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let link_base = match (
        var("GITHUB_SERVER_URL"),
        var("GITHUB_REPOSITORY"),
        var("GITHUB_SHA"),
    ) {
        (Some(server), Some(repo), Some(sha)) => Some(format!("{server}/{repo}/blob/{sha}/")),
        _ => None,
    };
    let fragments: Option<std::sync::Arc<dyn crate::report::Fragments>> = (format == Format::Html)
        .then(|| {
            std::sync::Arc::new(DiskFragments::default())
                as std::sync::Arc<dyn crate::report::Fragments>
        });
    Style {
        color,
        repo_prefix,
        link_base,
        fragments,
        // Set by the GitHub Action to the uploaded HTML report.
        full_report: var("ACCORD_FULL_REPORT"),
    }
}

/// A file on disk, or a `REV:path` read from git (the base of `check`).
fn read_document(file: &str) -> Option<Document> {
    match ContractSpec::parse(file) {
        ContractSpec::File(path) => Document::read(&path).ok(),
        ContractSpec::Git { rev, path } => {
            let bytes = crate::git::read_at(std::path::Path::new("."), &rev, &path)?;
            Document::parse(std::path::PathBuf::from(file), bytes).ok()
        }
        ContractSpec::Registered { .. } => None,
    }
}

/// Fragments read from the files on disk, or from git for `REV:path`.
#[derive(Default)]
struct DiskFragments {
    documents: std::sync::Mutex<std::collections::HashMap<String, Option<std::sync::Arc<Read>>>>,
}

/// A document, and where each of its lines starts (found once: a report
/// of many findings looks lines up many times).
struct Read {
    document: Document,
    starts: Vec<usize>,
}

impl DiskFragments {
    fn read(&self, file: &str) -> Option<std::sync::Arc<Read>> {
        let mut documents = self.documents.lock().unwrap_or_else(|p| p.into_inner());
        documents
            .entry(file.to_owned())
            .or_insert_with(|| {
                read_document(file).map(|document| {
                    let starts = std::iter::once(0)
                        .chain(document.text.match_indices('\n').map(|(i, _)| i + 1))
                        .collect();
                    std::sync::Arc::new(Read { document, starts })
                })
            })
            .clone()
    }
}

impl crate::report::Fragments for DiskFragments {
    fn lines(&self, file: &str, first: u32, last: u32, focus: (u32, u32)) -> Option<Vec<String>> {
        let read = self.read(file)?;
        let text = read.document.text.as_str();
        let mut out = Vec::new();
        for number in first.max(1)..=last {
            let index = number as usize - 1;
            // (A final newline ends the last line; it starts none.)
            let Some(&start) = read.starts.get(index).filter(|&&s| s < text.len()) else {
                break;
            };
            let end = read
                .starts
                .get(index + 1)
                .map_or(text.len(), |next| next - 1);
            let line = text.get(start..end).unwrap_or_default();
            let line = line.strip_suffix('\r').unwrap_or(line);
            let at = if number == focus.0 {
                focus.1.saturating_sub(1) as usize
            } else {
                0
            };
            out.push(crate::report::window(line, at));
        }
        Some(out)
    }

    fn fragment(&self, file: &str, pointer: &crate::model::pointer::JsonPointer) -> Option<String> {
        let read = self.read(file)?;
        let document = &read.document;
        // A scalar is shown with its siblings: `maxLength: 255`, not `255`.
        let value = match document.get(pointer)? {
            scalar if !scalar.is_object() && !scalar.is_array() => pointer
                .parent()
                .and_then(|p| document.get(&p))
                .unwrap_or(scalar),
            value => value,
        };
        Some(
            crate::fixtures::yaml_out::to_yaml(value)
                .trim_end()
                .to_owned(),
        )
    }
}
