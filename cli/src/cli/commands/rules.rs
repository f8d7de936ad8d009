//! `accord rules`: every rule, its level and what it does.

use std::io::Write;

use serde::Serialize;

use crate::cli::Error;
use crate::cli::args::{ListFormatArg, RulesArgs};
use crate::findings::{Level, Outcome};
use crate::rules::{self, RuleMeta};

#[derive(Serialize)]
struct RuleEntry<'r> {
    id: &'r str,
    level: Level,
    family: &'r str,
    summary: String,
    doc: String,
}

pub fn run(args: &RulesArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let all = rules::all();
    match args.format {
        ListFormatArg::Json => {
            let entries: Vec<RuleEntry<'_>> = all
                .iter()
                .map(|r| RuleEntry {
                    id: r.id,
                    level: r.level,
                    family: r.family.as_str(),
                    summary: summary(r),
                    doc: rules::documentation(r),
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &entries).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        ListFormatArg::Text => {
            let width = all.iter().map(|r| r.id.len()).max().unwrap_or(0);
            for r in &all {
                writeln!(
                    out,
                    "{:<width$}  {:<7}  {:<8}  {}",
                    r.id,
                    r.level.as_str(),
                    r.family.as_str(),
                    summary(r)
                )?;
            }
            writeln!(
                out,
                "\n{} rules; `accord explain RULE` prints one in full",
                all.len()
            )?;
        }
    }
    Ok(Outcome::Clean)
}

/// The first sentence of "What it does".
pub fn summary(rule: &RuleMeta) -> String {
    rules::summary(rule)
}
