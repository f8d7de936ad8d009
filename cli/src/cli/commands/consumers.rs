//! `accord consumers`: who calls the systems' APIs and what each uses;
//! `accord consumers import-pact FILE --consumer NAME` adds one from its
//! Pact file.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::registry::config;
use crate::cli::args::{
    ConsumersArgs, ConsumersCommand, ImportPactArgs, ListFormatArg, VerifyConsumersArgs,
};
use crate::cli::{Error, note, warn};
use crate::config::Config;
use crate::findings::{Outcome, UserKind};
use crate::fixtures::operations::Table;
use crate::fixtures::redact::scrub_document;
use crate::load::{Contract, Document};
use crate::model::spec::subject_name_ok;
use crate::usage::{Element, Pact, Usage, Who, verify_consumers};

pub fn run(args: &ConsumersArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    match &args.command {
        Some(ConsumersCommand::ImportPact(import)) => import_pact(import),
        None => list(args, out),
    }
}

/// `accord verify-consumers`.
pub fn verify(
    args: &VerifyConsumersArgs,
    color: bool,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let config = required(config(&args.registry)?)?;
    let systems: Option<BTreeSet<String>> = match &args.subject {
        None => None,
        Some(subject) => {
            if config.subject(subject).is_none() {
                return Err(Error::Input(format!(
                    "--subject {subject}: not a subject of {}",
                    config.document.display_path()
                )));
            }
            Some(
                config
                    .systems_of(subject)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            )
        }
    };
    let verified =
        verify_consumers(&config, systems.as_ref()).map_err(|e| Error::Input(e.to_string()))?;
    let interactions = verified.checked.len();
    let (_report, outcome) = super::finish(
        verified.findings,
        verified.checked,
        None,
        &args.report,
        color,
        out,
    )?;
    note(&format!(
        "verified {interactions} interactions of {} consumers against their providers' contracts",
        verified.consumers
    ));
    Ok(outcome)
}

fn required(config: Option<Config>) -> Result<Config, Error> {
    config.ok_or_else(|| {
        Error::Input(
            "no accord.yaml here or above: consumers are declared in it (`accord init` writes one)"
                .to_owned(),
        )
    })
}

fn list(args: &ConsumersArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let config = required(config(&args.registry)?)?;
    let usage = Usage::of_repository(&config).map_err(|e| Error::Input(e.to_string()))?;
    let mut listed = Vec::new();
    for consumer in &config.consumers {
        let who = Who {
            kind: UserKind::Consumer,
            name: consumer.name.clone(),
        };
        let uses: Vec<serde_json::Value> = usage
            .uses_of(&who)
            .into_iter()
            .map(|(system, operation, elements)| {
                serde_json::json!({
                    "system": system,
                    "operation": operation,
                    "elements": described(&elements),
                })
            })
            .collect();
        let path = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
        listed.push(serde_json::json!({
            "name": consumer.name,
            "owner": consumer.owner,
            "system": consumer.system,
            "pact": path(&consumer.pact),
            "fixtures": path(&consumer.fixtures),
            "declared": consumer.uses.len(),
            "uses": uses,
        }));
    }
    match args.format {
        ListFormatArg::Json => {
            let text = serde_json::to_string_pretty(&serde_json::json!({ "consumers": listed }))
                .map_err(|e| Error::Input(e.to_string()))?;
            writeln!(out, "{text}")?;
        }
        ListFormatArg::Text => {
            if listed.is_empty() {
                writeln!(
                    out,
                    "no consumers in {} (`consumers:`; `accord consumers import-pact FILE --consumer NAME` adds one)",
                    config.document.display_path()
                )?;
            }
            for c in &listed {
                let mut head = c["name"].as_str().unwrap_or_default().to_owned();
                if let Some(owner) = c["owner"].as_str() {
                    head.push_str(&format!(" (owner: {owner})"));
                }
                for (key, label) in [
                    ("system", "calls"),
                    ("pact", "pact"),
                    ("fixtures", "fixtures"),
                ] {
                    if let Some(v) = c[key].as_str() {
                        head.push_str(&format!(" · {label} {v}"));
                    }
                }
                writeln!(out, "{head}")?;
                let uses = c["uses"].as_array().map(Vec::as_slice).unwrap_or_default();
                if uses.is_empty() {
                    writeln!(out, "  uses nothing the contracts know")?;
                }
                for u in uses {
                    let elements: Vec<&str> = u["elements"]
                        .as_array()
                        .map(|e| e.iter().filter_map(|x| x.as_str()).collect())
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "  {} {}",
                        u["system"].as_str().unwrap_or_default(),
                        u["operation"].as_str().unwrap_or_default(),
                    )?;
                    for group in elements {
                        writeln!(out, "    {group}")?;
                    }
                }
            }
        }
    }
    Ok(Outcome::Clean)
}

/// Elements as a listing says them, grouped: `parameters accountId (path),
/// x-tenant-id (header)`, `request Name, Type`, `response 200 Id,
/// BillingAddress.city` (leaf fields only: an object whose members are
/// listed is not), `response 200 headers etag`. A parameter a consumer
/// declared without a location is named once.
fn described(elements: &[&Element]) -> Vec<String> {
    let mut parameters: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let any = |s: &Option<u16>| s.map_or_else(|| "any".to_owned(), |s| s.to_string());
    for e in elements {
        let (group, item) = match e {
            Element::Operation | Element::Response { .. } => continue,
            Element::Parameter { location, name } => {
                parameters.entry(name).or_default().push(location);
                continue;
            }
            Element::RequestField(field) => ("request".to_owned(), field.to_string()),
            Element::ResponseField { status, field } => {
                (format!("response {}", any(status)), field.to_string())
            }
            Element::ResponseHeader { status, name } => {
                (format!("response {} headers", any(status)), name.clone())
            }
        };
        groups.entry(group).or_default().push(item);
    }
    let mut out = Vec::new();
    if !parameters.is_empty() {
        let named: Vec<String> = parameters
            .into_iter()
            .map(|(name, at)| {
                if at.len() >= 4 {
                    name.to_owned()
                } else {
                    format!("{name} ({})", at.join(", "))
                }
            })
            .collect();
        out.push(format!("parameters {}", named.join(", ")));
    }
    for (group, mut names) in groups {
        let all = names.clone();
        // Leaves: `BillingAddress` goes where `BillingAddress.city` is.
        names.retain(|n| {
            !all.iter().any(|other| {
                other.len() > n.len()
                    && other.starts_with(n.as_str())
                    && matches!(other.as_bytes().get(n.len()), Some(b'.' | b'['))
            })
        });
        out.push(format!("{group} {}", names.join(", ")));
    }
    out
}

fn import_pact(args: &ImportPactArgs) -> Result<Outcome, Error> {
    let config = required(config(&args.registry)?)?;
    let name = &args.consumer;
    if !subject_name_ok(name) {
        return Err(Error::Input(format!(
            "--consumer {name}: a name is letters, digits, `.`, `_` and `-`"
        )));
    }
    let pact = Pact::read(&args.file).map_err(|e| Error::Input(e.to_string()))?;
    let system = match (&args.system, &pact.provider) {
        (Some(system), _) => system.clone(),
        (None, Some(provider)) if config.system(provider).is_some() => provider.clone(),
        (None, provider) => {
            return Err(Error::Input(format!(
                "{}: the Pact's provider {} is not a system of {}: say which one it calls (--system)",
                args.file.display(),
                provider
                    .as_deref()
                    .map_or_else(|| "(unnamed)".to_owned(), |p| format!("`{p}`")),
                config.document.display_path()
            )));
        }
    };
    if config.system(&system).is_none() {
        return Err(Error::Input(format!(
            "--system {system}: not a system of {}",
            config.document.display_path()
        )));
    }
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "pact.json".to_owned());
    let relative = format!("consumers/{name}/{file_name}");
    let existing = config.consumers.iter().find(|c| &c.name == name);
    let new_config = match existing {
        Some(c) if c.pact.as_deref() == Some(Path::new(&relative)) => None,
        Some(_) => {
            return Err(Error::Input(format!(
                "{}: consumer `{name}` is there already, with other sources: edit its entry, or import under another name",
                config.document.display_path()
            )));
        }
        None => Some(with_consumer(
            &config.document.text,
            name,
            &system,
            &relative,
            args.owner.as_deref(),
        )),
    };
    // The configuration as it will be must read, before anything is written.
    if let Some(text) = &new_config {
        let document = Document::parse(config.path.clone(), text.clone().into_bytes())
            .map_err(|e| Error::Input(e.to_string()))?;
        Config::from_document(document)
            .map_err(|e| Error::Input(format!("accord.yaml could not take the consumer: {e}")))?;
    }
    // The copy keeps no secret the Pact shows (tokens in example headers).
    let mut scrubbed = pact.document.root.clone();
    scrub_document(&mut scrubbed);
    let bytes = if scrubbed == pact.document.root {
        pact.document.text.clone().into_bytes()
    } else {
        let mut text =
            serde_json::to_string_pretty(&scrubbed).map_err(|e| Error::Input(e.to_string()))?;
        text.push('\n');
        text.into_bytes()
    };
    let destination = config.resolve(Path::new(&relative));
    write_atomically(&destination, &bytes)?;
    if let Some(text) = &new_config {
        write_atomically(&config.path, text.as_bytes())?;
    }
    // What of it the contract answers.
    let subject = config
        .system(&system)
        .and_then(|s| config.subject(&s.contract))
        .ok_or_else(|| Error::Input(format!("`{system}`: no contract subject")))?;
    let contract = Contract::load(&config.resolve(&subject.file))?;
    let table = Table::of(&contract);
    let unmatched: Vec<String> = pact
        .interactions
        .iter()
        .filter(|i| {
            table
                .find(&i.exchange.request.method, &i.exchange.request.path)
                .is_err()
        })
        .map(|i| {
            format!(
                "`{}` ({} {})",
                i.description, i.exchange.request.method, i.exchange.request.path
            )
        })
        .collect();
    for u in unmatched.iter().take(5) {
        warn(&format!(
            "{}: interaction {u} is no operation of {}",
            relative, subject.name
        ));
    }
    note(&format!(
        "{} consumer `{name}` of {system} from {} (Pact {}): {} interactions, {} answered by operations of {}; copied to {relative}{}",
        if new_config.is_some() {
            "added"
        } else {
            "updated"
        },
        args.file.display(),
        pact.version.as_deref().unwrap_or("version not given"),
        pact.interactions.len(),
        pact.interactions.len() - unmatched.len(),
        subject.name,
        if new_config.is_some() {
            format!(", named in {}", config.document.display_path())
        } else {
            String::new()
        }
    ));
    Ok(Outcome::Clean)
}

/// `accord.yaml`'s text with the consumer's entry added: under its
/// `consumers:` section (at that section's indentation), or in a new one at
/// the end. The rest of the file, comments included, is kept as it is.
fn with_consumer(text: &str, name: &str, system: &str, pact: &str, owner: Option<&str>) -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut entry = format!("{name}: {{system: {}, pact: {}", quote(system), quote(pact));
    if let Some(owner) = owner {
        entry.push_str(&format!(", owner: {}", quote(owner)));
    }
    entry.push('}');
    let lines: Vec<&str> = text.lines().collect();
    let section = lines.iter().position(|l| {
        l.strip_prefix("consumers:")
            .is_some_and(|rest| rest.split('#').next().unwrap_or_default().trim().is_empty())
    });
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    match section {
        Some(at) => {
            let indent = lines
                .iter()
                .skip(at + 1)
                .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                .map(|l| l.len() - l.trim_start().len())
                .filter(|n| *n > 0)
                .unwrap_or(2);
            out.insert(at + 1, format!("{}{entry}", " ".repeat(indent)));
        }
        None => {
            if out.last().is_some_and(|l| !l.trim().is_empty()) {
                out.push(String::new());
            }
            out.push("consumers:".to_owned());
            out.push(format!("  {entry}"));
        }
    }
    let mut joined = out.join("\n");
    joined.push('\n');
    joined
}

/// Writes a file whole or not at all (a temporary file beside it, renamed).
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let fail = |e: std::io::Error| Error::Input(format!("{}: {e}", path.display()));
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let temporary = path.with_extension("accord-tmp");
    std::fs::write(&temporary, bytes).map_err(fail)?;
    std::fs::rename(&temporary, path).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_consumer_joins_its_section_or_opens_one() {
        let text =
            "subjects: {}\n# who else calls\nconsumers:\n    portal: {system: crm, pact: p.json}\n";
        let added = with_consumer(text, "app", "crm", "consumers/app/a.json", None);
        assert_eq!(
            added,
            "subjects: {}\n# who else calls\nconsumers:\n    app: {system: \"crm\", pact: \"consumers/app/a.json\"}\n    portal: {system: crm, pact: p.json}\n"
        );
        let opened = with_consumer("subjects: {}", "app", "crm", "a.json", Some("team: a"));
        assert_eq!(
            opened,
            "subjects: {}\n\nconsumers:\n  app: {system: \"crm\", pact: \"a.json\", owner: \"team: a\"}\n"
        );
    }
}
