//! `accord explain RULE`: the rule's own documentation.

use std::io::Write;

use crate::cli::Error;
use crate::cli::args::ExplainArgs;
use crate::findings::Outcome;
use crate::rules;

pub fn run(args: &ExplainArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let Some(rule) = rules::find(&args.rule) else {
        let near = ALIASES
            .iter()
            .find(|(name, _)| *name == args.rule)
            .map_or_else(|| nearest(&args.rule), |(_, ids)| ids.to_vec());
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
    if rule.family == rules::Family::OpenApi {
        writeln!(
            out,
            "\n## Who is affected\nOn the contract of a system (`systems:` in accord.yaml), each finding says who uses\nwhat changed (`affects`): the tenants and consumers whose fixtures, field mappings\nor Pact files use it, each with the file and line; or that no known consumer does.\n`gate: {{unused_breaking: warning}}` lets `check` pass what no one uses (docs/impact.md)."
        )?;
    }
    Ok(Outcome::Clean)
}

/// Names the design notes use for checks oasdiff splits in two.
const ALIASES: &[(&str, &[&str])] = &[(
    "response-property-removed",
    &[
        "response-required-property-removed",
        "response-optional-property-removed",
    ],
)];

/// The ids closest to `query`: fewest words apart, then fewest characters;
/// at most five, and none that share less than half of their words.
fn nearest(query: &str) -> Vec<&'static str> {
    let words: Vec<&str> = query.split('-').collect();
    let mut scored: Vec<(usize, usize, &'static str)> = rules::all()
        .into_iter()
        .map(|r| r.id)
        .filter_map(|id| {
            let theirs: Vec<&str> = id.split('-').collect();
            let by_words = distance(&words, &theirs);
            (by_words * 2 <= words.len().max(theirs.len())).then(|| {
                let by_chars = distance(query.as_bytes(), id.as_bytes());
                (by_words, by_chars, id)
            })
        })
        .collect();
    scored.sort_unstable();
    scored.into_iter().take(5).map(|(_, _, id)| id).collect()
}

/// Levenshtein distance between two sequences.
fn distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let next = (diagonal + usize::from(x != y))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance(b"kitten", b"sitting"), 3);
        assert_eq!(distance::<u8>(b"", b"abc"), 3);
        assert_eq!(distance(&["a", "b"], &["a", "x", "b"]), 1);
    }

    #[test]
    fn a_typo_finds_the_rule_first() {
        assert_eq!(
            nearest("request-parameter-remove").first(),
            Some(&"request-parameter-removed")
        );
        assert!(nearest("zzz-qqq").is_empty());
    }
}
