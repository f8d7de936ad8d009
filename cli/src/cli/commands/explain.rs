//! `accord explain RULE`: the rule's own documentation.

use std::io::Write;

use crate::cli::Error;
use crate::cli::args::ExplainArgs;
use crate::findings::Outcome;
use crate::rules;

pub fn run(args: &ExplainArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let Some(rule) = rules::find(&args.rule) else {
        let near: Vec<&str> = rules::all()
            .into_iter()
            .map(|r| r.id)
            .filter(|id| id.contains(args.rule.as_str()) || words_overlap(id, &args.rule))
            .collect();
        let hint = if near.is_empty() {
            "`accord rules` lists them all".to_owned()
        } else {
            format!(
                "did you mean {}?",
                near.iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        return Err(Error::Input(format!(
            "unknown rule `{}`: {hint}",
            args.rule
        )));
    };
    writeln!(
        out,
        "# {}\n\nlevel: {} · family: {}\n",
        rule.id,
        rule.level,
        rule.family.as_str()
    )?;
    writeln!(out, "{}", rules::documentation(rule))?;
    Ok(Outcome::Clean)
}

/// Whether every word of `query` appears in `id` (`response-property-removed`
/// finds `response-required-property-removed`).
fn words_overlap(id: &str, query: &str) -> bool {
    let words: Vec<&str> = id.split('-').collect();
    query.split('-').all(|w| words.contains(&w))
}
