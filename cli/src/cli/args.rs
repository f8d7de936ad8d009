//! The command-line surface (clap). Doc comments here are `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::findings::{FailOn, Level};
use crate::report::Format;

/// Contract testing and schema governance for CRM/ERP integrations.
#[derive(Debug, Parser)]
#[command(name = "accord", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Let `$ref`s read files outside the repository (or, outside a
    /// repository, outside the contract's folder). Off by default: a
    /// contract cannot make accord read `/etc/shadow` into a report.
    #[arg(long, global = true)]
    pub allow_outside_repo: bool,

    /// The dialect of JSON Schemas without `$schema`: draft4, draft6,
    /// draft7, 2019-09 or 2020-12 (default: `schemas.dialect` in
    /// accord.yaml, else 2020-12). Most schemas in Kafka registries were
    /// written for draft-07.
    #[arg(long, global = true, value_name = "DIALECT", value_parser = parse_dialect)]
    pub dialect: Option<crate::model::dialect::Dialect>,

    /// Read `$ref`s to a published location from a local folder:
    /// `https://schemas.example.com/=contracts/common` (repeatable; beside
    /// `schemas.ref_map` in accord.yaml). Nothing is ever fetched.
    #[arg(long = "ref-map", global = true, value_name = "PREFIX=DIR", value_parser = parse_ref_map)]
    pub ref_map: Vec<crate::load::RefMapping>,
}

fn parse_dialect(text: &str) -> Result<crate::model::dialect::Dialect, String> {
    crate::model::dialect::Dialect::parse(text).ok_or_else(|| {
        format!(
            "unknown JSON Schema dialect `{text}` (one of {})",
            crate::model::dialect::Dialect::NAMES.join(", ")
        )
    })
}

fn parse_ref_map(text: &str) -> Result<crate::load::RefMapping, String> {
    crate::load::RefMapping::parse(text)
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare two versions of a contract and report what breaks.
    Diff(DiffArgs),
    /// A vendor's new version against the one you use: only the changes
    /// that reach what your fixtures, mappings and consumers use, by whom.
    Impact(ImpactArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Print a rule's documentation.
    Explain(ExplainArgs),
    /// The pre-merge gate: every contract against its merge base (or its
    /// latest registered version), and every tenant's overlays and mappings.
    Check(CheckArgs),
    /// Register a version of a subject: checked against the versions before
    /// it under the subject's mode and the semver policy; the same content
    /// again is a no-op.
    Register(RegisterArgs),
    /// List a subject's registered versions.
    Versions(VersionsArgs),
    /// Print a registered version of a subject (`SUBJECT@VERSION`).
    Show(ShowArgs),
    /// A subject's registration history, newest first.
    Log(LogArgs),
    /// Replay every fixture: against its system's current contract, then
    /// over HTTP against mock endpoints built from the recordings.
    Replay(ReplayArgs),
    /// Serve one system's recordings and contract examples over HTTP, for
    /// other teams' tests, until Ctrl-C.
    Mock(MockArgs),
    /// Work with fixture files.
    Fixtures(FixturesArgs),
    /// The consumers of the systems' APIs (`consumers:` in accord.yaml) and
    /// what each uses; `import-pact` adds one from its Pact file.
    Consumers(ConsumersArgs),
    /// Every consumer's expectations (its Pact file) against its provider's
    /// contract: requests accepted, statuses documented, fields promised.
    VerifyConsumers(VerifyConsumersArgs),
    /// Record on the registry branch that a registered version now runs in
    /// an environment.
    RecordDeployment(RecordDeploymentArgs),
    /// Whether a registered provider version satisfies every consumer
    /// version deployed in an environment (its Pact files, registered).
    CanIDeploy(CanIDeployArgs),
    /// Work with reports.
    Report(ReportCommandArgs),
    /// The nightly drift check: send each fixture's request to a live
    /// environment and compare the answer with the contract and with the
    /// recording.
    Drift(DriftArgs),
    /// Record the fixtures' requests again from a live environment
    /// (redacted), or with `--review` show what would change.
    Record(RecordArgs),
    /// Accept findings for now: later runs with `--baseline` fail only on
    /// new ones (or on accepted ones past their expiry).
    Baseline(BaselineCommandArgs),
    /// Governance lint: the domain's conventions on every contract of
    /// accord.yaml (or the files given).
    Lint(LintArgs),
    /// Scaffold a registry in this repository: accord.yaml, contracts/,
    /// fixtures/ and a pre-merge workflow. Overwrites nothing.
    Init(InitArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    Man,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Contract files (default: every subject of accord.yaml).
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub registry: RegistryArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The repository to scaffold into.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The team that owns the example subjects.
    #[arg(long, default_value = "platform-team")]
    pub owner: String,
    /// The `uses:` of the workflow's accord step: where your organisation
    /// keeps accord's GitHub Action.
    #[arg(
        long,
        value_name = "REF",
        default_value = "your-org/accord/.github/actions/accord@main"
    )]
    pub action: String,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Which fixtures go to which live environment.
#[derive(Debug, Args)]
pub struct LiveArgs {
    /// The environment (of `environments` in accord.yaml).
    #[arg(long, value_name = "ENV")]
    pub env: String,
    /// Only this tenant's fixtures.
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,
    /// Only this system's fixtures.
    #[arg(long, value_name = "SYSTEM")]
    pub system: Option<String>,
    /// Only this shard of the fixtures (`2/4`), split by fixture id; join
    /// the shards' JSON reports with `accord report merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::shard::Shard>,
    /// A system's base URL for this run instead of the environment's
    /// (`crm=http://127.0.0.1:8080/v3`); repeatable.
    #[arg(long = "base-url", value_name = "SYSTEM=URL", value_parser = parse_base_url)]
    pub base_urls: Vec<(String, String)>,
    /// Where the fixtures are (default: `fixtures/` beside accord.yaml).
    #[arg(long, value_name = "DIR")]
    pub fixtures: Option<PathBuf>,
    #[command(flatten)]
    pub registry: RegistryArgs,
}

fn parse_base_url(text: &str) -> Result<(String, String), String> {
    let (system, url) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not SYSTEM=URL (`crm=http://127.0.0.1:8080`)"))?;
    url::Url::parse(url).map_err(|e| format!("`{url}` is not a URL: {e}"))?;
    Ok((system.to_owned(), url.to_owned()))
}

#[derive(Debug, Args)]
pub struct DriftArgs {
    #[command(flatten)]
    pub live: LiveArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct RecordArgs {
    #[command(flatten)]
    pub live: LiveArgs,
    /// Write nothing: report how the new recordings would differ from the
    /// existing ones (status, media type, fields, types).
    #[arg(long)]
    pub review: bool,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct BaselineCommandArgs {
    #[command(subcommand)]
    pub command: BaselineCommand,
}

#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Write the findings of JSON reports (`--format json` of any
    /// reporting command) as accepted: entries still found keep their
    /// history, new ones are added, fixed ones dropped.
    Update(BaselineUpdateArgs),
}

#[derive(Debug, Args)]
pub struct BaselineUpdateArgs {
    /// The JSON reports of the run to accept.
    #[arg(required = true)]
    pub reports: Vec<PathBuf>,
    /// The baseline file.
    #[arg(long, value_name = "FILE", default_value = "accord-baseline.json")]
    pub baseline: PathBuf,
    /// New entries stop being accepted after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DAY", conflicts_with = "expires_in")]
    pub expires: Option<String>,
    /// New entries stop being accepted after this many days.
    #[arg(long, value_name = "DAYS")]
    pub expires_in: Option<u32>,
    /// Why the findings are accepted (a ticket, a vendor case).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReportCommandArgs {
    #[command(subcommand)]
    pub command: ReportCommand,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Join JSON reports (the shards of one run) into one, in any format.
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The JSON reports (`--format json` of any reporting command).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct FixturesArgs {
    #[command(subcommand)]
    pub command: FixturesCommand,
}

#[derive(Debug, Subcommand)]
pub enum FixturesCommand {
    /// Import a HAR 1.2 file (browser devtools, a proxy) as fixtures:
    /// redacted, templated onto the system's operations, without duplicates.
    ImportHar(ImportHarArgs),
}

#[derive(Debug, Args)]
pub struct ConsumersArgs {
    #[command(subcommand)]
    pub command: Option<ConsumersCommand>,
    #[command(flatten)]
    pub registry: RegistryArgs,
    /// Output format of the listing.
    #[arg(long, value_enum, default_value_t = ListFormatArg::Text)]
    pub format: ListFormatArg,
}

#[derive(Debug, Args)]
pub struct RecordDeploymentArgs {
    /// The subject deployed.
    #[arg(long)]
    pub subject: String,
    /// Its registered version.
    #[arg(long)]
    pub version: String,
    /// The environment (`production`, `staging`).
    #[arg(long)]
    pub env: String,
    #[command(flatten)]
    pub registry: RegistryArgs,
}

#[derive(Debug, Args)]
pub struct CanIDeployArgs {
    /// The provider subject (an API).
    #[arg(long)]
    pub subject: String,
    /// Its registered version to deploy.
    #[arg(long)]
    pub version: String,
    /// The environment whose deployed consumer versions must be satisfied
    /// (default: the latest version of every registered consumer).
    #[arg(long, value_name = "ENV")]
    pub to: Option<String>,
    /// Output format of the matrix.
    #[arg(long, value_enum, default_value_t = MatrixFormatArg::Text)]
    pub format: MatrixFormatArg,
    #[command(flatten)]
    pub registry: RegistryArgs,
}

/// The format of `can-i-deploy`'s matrix.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MatrixFormatArg {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct VerifyConsumersArgs {
    /// Only the consumers of this subject's systems.
    #[arg(long)]
    pub subject: Option<String>,
    #[command(flatten)]
    pub registry: RegistryArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Subcommand)]
pub enum ConsumersCommand {
    /// Add a consumer from its Pact file (v2, v3 or v4 JSON): the file is
    /// copied, redacted, to `consumers/NAME/`, and named in accord.yaml.
    ImportPact(ImportPactArgs),
}

#[derive(Debug, Args)]
pub struct ImportPactArgs {
    /// The Pact file.
    pub file: PathBuf,
    /// The consumer's name in accord.yaml.
    #[arg(long)]
    pub consumer: String,
    /// The system it calls (default: the Pact's provider, where that is a
    /// system of accord.yaml).
    #[arg(long)]
    pub system: Option<String>,
    /// Who answers for the consumer.
    #[arg(long)]
    pub owner: Option<String>,
    #[command(flatten)]
    pub registry: RegistryArgs,
}

#[derive(Debug, Args)]
pub struct ImportHarArgs {
    /// The HAR file.
    pub file: PathBuf,
    /// The system the exchanges are with (a system of accord.yaml).
    #[arg(long)]
    pub system: String,
    /// The tenant they were recorded for.
    #[arg(long)]
    pub tenant: String,
    /// Where to write (default: `fixtures/<system>/<tenant>/` beside accord.yaml).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub registry: RegistryArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct MockArgs {
    /// The system to serve (a system of accord.yaml: `crm`, `erp`).
    #[arg(long)]
    pub system: String,
    /// The port (0: any free one; the one chosen is printed).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    /// Serve only this tenant's recordings.
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,
    /// Where the fixtures are (default: `fixtures/` beside accord.yaml).
    #[arg(long, value_name = "DIR")]
    pub fixtures: Option<PathBuf>,
    /// The largest request body read, in MiB; a larger one is answered
    /// `413 Payload Too Large`.
    #[arg(long, value_name = "MB", default_value_t = crate::mock::DEFAULT_MAX_BODY_MB)]
    pub max_body_mb: usize,
    /// Seconds a client may take to send its headers (and then its body)
    /// before the connection is closed.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub read_timeout: u64,
    #[command(flatten)]
    pub registry: RegistryArgs,
}

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Where the fixtures are (default: `fixtures/` beside accord.yaml).
    #[arg(long, value_name = "DIR")]
    pub fixtures: Option<PathBuf>,
    /// Only this system's fixtures.
    #[arg(long, value_name = "SYSTEM")]
    pub system: Option<String>,
    /// Only this tenant's fixtures.
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,
    /// Only this shard of the fixtures (`2/4`), split by fixture id, so
    /// that N CI jobs cover every fixture once; join their reports with
    /// `accord report merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::shard::Shard>,
    #[command(flatten)]
    pub registry: RegistryArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Where the registry is.
#[derive(Debug, Args)]
pub struct RegistryArgs {
    /// The configuration (default: `accord.yaml` in this directory or the
    /// nearest parent, up to the repository root).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The registry branch (default: `registry.branch` of the
    /// configuration, else `accord-registry`).
    #[arg(long, value_name = "BRANCH")]
    pub branch: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Compare each contract with its version at the merge base of this
    /// revision and HEAD (a branch such as `main` or `origin/main`). Without
    /// it: with its latest registered version.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    #[command(flatten)]
    pub registry: RegistryArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// The contract file (OpenAPI or JSON Schema), in the repository.
    pub file: PathBuf,
    /// The subject's name (`account`, `crm-api`, `billing.invoice.issued`).
    #[arg(long)]
    pub subject: String,
    /// The version, semver (`1.4.0`).
    #[arg(long)]
    pub version: String,
    /// The compatibility mode of a subject registered for the first time
    /// (`accord.yaml` may set it instead). Default: `backward`; events
    /// `full-transitive`.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::model::mode::CompatMode::NAMES))]
    pub mode: Option<String>,
    /// Land a version the checks refuse. Needs `--reason`, which goes into
    /// the registry commit and tag.
    #[arg(long, requires = "reason")]
    pub allow_breaking: bool,
    /// Why the breaking change is allowed.
    #[arg(long, value_name = "TEXT", requires = "allow_breaking")]
    pub reason: Option<String>,
    /// How long to wait for another registration to release the registry
    /// branch before giving up.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub lock_timeout: u64,
    #[command(flatten)]
    pub registry: RegistryArgs,
    /// Output format of the findings.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// The lowest level shown.
    #[arg(long, value_enum, default_value_t = LevelArg::Warning)]
    pub level: LevelArg,
    /// Accepted findings (`accord baseline update` writes the file): shown
    /// as baselined and never failed on, until their expiry.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct VersionsArgs {
    /// The subject.
    pub subject: String,
    #[command(flatten)]
    pub registry: RegistryArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormatArg::Text)]
    pub format: ListFormatArg,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// `SUBJECT@VERSION` (`account@1.2.0`, or `account@latest`).
    pub spec: String,
    #[command(flatten)]
    pub registry: RegistryArgs,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The subject.
    pub subject: String,
    #[command(flatten)]
    pub registry: RegistryArgs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier version: a file, `REV:path` to read it from git as it
    /// is at a branch, tag or commit (`main:contracts/apis/erp.yaml`), or
    /// `SUBJECT@VERSION` from the registry (`erp-api@1.2.0`, `erp-api@latest`).
    pub base: String,
    /// The later version: a file, `REV:path` or `SUBJECT@VERSION`.
    pub revision: String,
    /// For JSON Schemas: what must stay compatible. `backward`: the revision
    /// accepts all the base accepted (new readers, old data); `forward`: the
    /// base accepts all the revision accepts (old readers, new data);
    /// `full`: both. What the mode allows is listed at `info`.
    #[arg(long, value_enum, default_value_t = ModeArg::Backward)]
    pub mode: ModeArg,
    /// Rule levels of your own: one `RULE-ID LEVEL` per line, the level
    /// `error`, `warning`, `info` or `none` (oasdiff's format).
    #[arg(long, value_name = "FILE")]
    pub severity_levels: Option<PathBuf>,
    /// Accepted error-level changes: one `METHOD /path description` per
    /// line, the description a rule id, accord's message or oasdiff's
    /// (oasdiff's format).
    #[arg(long, value_name = "FILE")]
    pub err_ignore: Option<PathBuf>,
    /// Accepted warning-level changes, as `--err-ignore`.
    #[arg(long, value_name = "FILE")]
    pub warn_ignore: Option<PathBuf>,
    /// Deprecation policy: days a deprecated `beta` operation, parameter or
    /// property must live before its sunset (0: no policy).
    #[arg(long, value_name = "DAYS", default_value_t = 0)]
    pub deprecation_days_beta: u32,
    /// Deprecation policy for `stable` (or unlabelled) ones.
    #[arg(long, value_name = "DAYS", default_value_t = 0)]
    pub deprecation_days_stable: u32,
    #[command(flatten)]
    pub registry: RegistryArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct ImpactArgs {
    /// The version you use now: a file, `REV:path` or `SUBJECT@VERSION`.
    pub base: String,
    /// The new version: a file, `REV:path` or `SUBJECT@VERSION`.
    pub revision: String,
    /// What you use: a folder of fixtures (default: what the repository
    /// shows, where accord.yaml names the contract as a system's).
    #[arg(long, value_name = "DIR")]
    pub fixtures: Option<PathBuf>,
    /// The system those fixtures are of (default: every system they name).
    #[arg(long)]
    pub system: Option<String>,
    #[command(flatten)]
    pub registry: RegistryArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormatArg::Text)]
    pub format: ListFormatArg,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. `response-required-property-removed`.
    pub rule: String,
}

/// Options every reporting command shares.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Exit 1 when a finding is at or above this level.
    #[arg(long, value_enum, default_value_t = FailOnArg::Error)]
    pub fail_on: FailOnArg,
    /// The lowest level shown.
    #[arg(long, value_enum, default_value_t = LevelArg::Warning)]
    pub level: LevelArg,
    /// Accepted findings (`accord baseline update` writes the file): shown
    /// as baselined and never failed on, until their expiry.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ModeArg {
    Backward,
    Forward,
    Full,
}

impl From<ModeArg> for crate::diff::Mode {
    fn from(m: ModeArg) -> Self {
        match m {
            ModeArg::Backward => crate::diff::Mode::Backward,
            ModeArg::Forward => crate::diff::Mode::Forward,
            ModeArg::Full => crate::diff::Mode::Full,
        }
    }
}

/// The format of a listing (rules, versions).
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ListFormatArg {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    /// Grouped by operation, `file:line:column` on every finding.
    Text,
    /// The stable machine interface.
    Json,
    /// A pull-request comment: summary table, details.
    Markdown,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
    /// GitHub Actions annotations (`::error file=…`).
    Github,
    /// One self-contained page.
    Html,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Junit => Format::Junit,
            FormatArg::Github => Format::Github,
            FormatArg::Html => Format::Html,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FailOnArg {
    Error,
    Warning,
    Info,
    Never,
}

impl From<FailOnArg> for FailOn {
    fn from(f: FailOnArg) -> Self {
        match f {
            FailOnArg::Error => FailOn::Level(Level::Error),
            FailOnArg::Warning => FailOn::Level(Level::Warning),
            FailOnArg::Info => FailOn::Level(Level::Info),
            FailOnArg::Never => FailOn::Never,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LevelArg {
    Error,
    Warning,
    Info,
}

impl From<LevelArg> for Level {
    fn from(l: LevelArg) -> Self {
        match l {
            LevelArg::Error => Level::Error,
            LevelArg::Warning => Level::Warning,
            LevelArg::Info => Level::Info,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// `auto` colours a terminal unless `NO_COLOR` is set; `FORCE_COLOR`
    /// forces it (https://no-color.org, https://force-color.org).
    pub fn enabled(self, terminal: bool) -> bool {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if set("FORCE_COLOR") => true,
            ColorChoice::Auto => terminal && !set("NO_COLOR"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("accord").chain(args.iter().copied()))
    }

    #[test]
    fn report_flags_default_to_error_and_warning() {
        let cli = parse(&["diff", "a.yaml", "b.yaml"]).unwrap();
        let Command::Diff(args) = cli.command else {
            panic!("not diff")
        };
        assert!(matches!(
            FailOn::from(args.report.fail_on),
            FailOn::Level(Level::Error)
        ));
        assert_eq!(Level::from(args.report.level), Level::Warning);
        assert_eq!(Format::from(args.report.format), Format::Text);
    }

    #[test]
    fn each_report_flag() {
        let cli = parse(&[
            "diff",
            "a",
            "b",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--level",
            "info",
        ])
        .unwrap();
        let Command::Diff(args) = cli.command else {
            panic!("not diff")
        };
        assert_eq!(Format::from(args.report.format), Format::Json);
        assert_eq!(FailOn::from(args.report.fail_on), FailOn::Never);
        assert_eq!(Level::from(args.report.level), Level::Info);
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        let e = parse(&["diff", "a"]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let e = parse(&["diff", "a", "b", "--fail-on", "sometimes"]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn colour_choice() {
        assert!(ColorChoice::Always.enabled(false));
        assert!(!ColorChoice::Never.enabled(true));
    }
}
