//! `--format text`: findings grouped by subject and operation, each on one
//! line that starts with `file:line:column` (so editors and terminals can
//! jump to it), then a one-line summary.

use std::io::{self, Write};

use crate::findings::{Finding, Level, Report, Shown, Summary};

use super::{Style, affects};

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";

fn level_color(level: Level) -> &'static str {
    match level {
        Level::Error => "\x1b[1;31m",
        Level::Warning => "\x1b[1;33m",
        Level::Info => "\x1b[1;36m",
    }
}

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let paint = |code: &'static str, text: &str| -> String {
        if style.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_owned()
        }
    };
    // Changes grouped under headings in order of first appearance; a change
    // of several places is shown once. Changes with neither subject nor
    // operation come first, unheaded.
    let mut groups: Vec<(Option<String>, Vec<Shown<'_>>)> = Vec::new();
    // Heading → its group's index: one lookup per change, not a search of
    // every group (50,000 operations made that quadratic).
    let mut index: std::collections::HashMap<Option<String>, usize> =
        std::collections::HashMap::new();
    for change in report.changes() {
        let heading = change_heading(&change);
        match index.get(&heading).and_then(|&i| groups.get_mut(i)) {
            Some((_, members)) => members.push(change),
            None => {
                index.insert(heading.clone(), groups.len());
                groups.push((heading, vec![change]));
            }
        }
    }
    groups.sort_by_key(|(h, _)| h.is_some());
    for (heading, members) in &groups {
        if let Some(heading) = heading {
            writeln!(out, "{}", paint(BOLD, heading))?;
        }
        for change in members {
            let f = change.lead;
            let place = f
                .location
                .as_ref()
                .map_or_else(|| "-".to_owned(), ToString::to_string);
            let level = format!("{:<7}", change.level.as_str());
            write!(
                out,
                "  {} {place}: {} {}",
                paint(level_color(change.level), &level),
                change.message(),
                paint(DIM, &format!("[{}]", f.rule))
            )?;
            let mut extra = Vec::new();
            if let Some(tenant) = &f.tenant {
                extra.push(format!("tenant {tenant}"));
            }
            if let Some(fixture) = &f.fixture {
                extra.push(format!("fixture {fixture}"));
            }
            if f.baselined {
                extra.push("baselined".to_owned());
            }
            if let Some(why) = affects::let_through(change) {
                extra.push(format!("let through: {why}"));
            }
            if !extra.is_empty() {
                write!(out, " {}", paint(DIM, &format!("({})", extra.join(", "))))?;
            }
            writeln!(out)?;
            if let Some(reach) = change.reach(3) {
                writeln!(out, "          {}", paint(DIM, &reach))?;
            }
            if let Some(who) = affects::line(change, 2) {
                writeln!(out, "          {}", paint(DIM, &who))?;
            }
        }
        writeln!(out)?;
    }
    let users = affects::by_user(report);
    if !users.is_empty() {
        writeln!(out, "{}", paint(BOLD, "Who is affected"))?;
        for (who, counts) in &users {
            writeln!(out, "  {who}: {}", affects::counts_text(counts))?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", summary_line(report.summary(), report.hidden))
}

/// The heading of a change: its subject and operation; for a change of a
/// shared schema reached from several operations, the schema (`schema
/// `Refund``) and how many operations.
fn change_heading(change: &Shown<'_>) -> Option<String> {
    let ops = change.operations();
    if ops.len() < 2 {
        return heading(change.lead);
    }
    let f = change.lead;
    let path = |op: &str| op.split_once(' ').map(|(_, p)| p.to_owned());
    let one_path = path(ops.first().copied().unwrap_or_default())
        .filter(|p| ops.iter().all(|o| path(o).as_deref() == Some(p)));
    let shared = match (f.component(), one_path) {
        (Some(component), _) => format!("{component} · {} operations", ops.len()),
        (None, Some(path)) => format!("{path} · {} operations", ops.len()),
        (None, None) => format!("shared by {} operations", ops.len()),
    };
    Some(match subject(f) {
        Some(s) => format!("{s} · {shared}"),
        None => shared,
    })
}

/// The subject with its owner: `crm-api (owner: crm-integration)`.
fn subject(f: &Finding) -> Option<String> {
    f.subject.as_ref().map(|s| match &f.owner {
        Some(owner) => format!("{s} (owner: {owner})"),
        None => s.clone(),
    })
}

fn heading(f: &Finding) -> Option<String> {
    match (&subject(f), &f.operation) {
        (Some(s), Some(o)) => Some(format!("{s} · {o}")),
        (Some(s), None) => Some(s.clone()),
        (None, Some(o)) => Some(o.clone()),
        (None, None) => None,
    }
}

fn counted(n: usize, level: Level) -> String {
    let noun = match (level, n) {
        (Level::Error, 1) => "error",
        (Level::Error, _) => "errors",
        (Level::Warning, 1) => "warning",
        (Level::Warning, _) => "warnings",
        (Level::Info, _) => "info",
    };
    format!("{n} {noun}")
}

/// Counts of changes at each level, with how many findings (places) they
/// are where that differs: `7 warnings (670 findings)`.
fn parts(s: Summary) -> Vec<String> {
    Level::ALL
        .into_iter()
        .filter(|&l| s.count(l) > 0)
        .map(|l| {
            let changes = s.changes.count(l);
            // A summary read from an older report has no change counts.
            if changes == 0 || changes == s.count(l) {
                counted(s.count(l), l)
            } else {
                format!("{} ({} findings)", counted(changes, l), s.count(l))
            }
        })
        .collect()
}

fn summary_line(shown: Summary, hidden: Summary) -> String {
    let parts_shown = parts(shown);
    let baselined = shown.baselined + hidden.baselined;
    let mut line = if parts_shown.is_empty() && baselined > 0 {
        "no new findings".to_owned()
    } else if parts_shown.is_empty() {
        "no findings".to_owned()
    } else {
        parts_shown.join(", ")
    };
    if let Some(lowest) = Level::ALL.into_iter().rev().find(|&l| hidden.count(l) > 0) {
        line += &format!(
            "; {} not shown (--level {lowest} shows them)",
            parts(hidden).join(", ")
        );
    }
    if baselined > 0 {
        line += &format!("; {baselined} baselined (accepted, not failed on)");
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lines() {
        assert_eq!(
            summary_line(Summary::default(), Summary::default()),
            "no findings"
        );
        let shown = Summary {
            error: 2,
            warning: 1,
            info: 0,
            baselined: 0,
            changes: crate::findings::Counts {
                error: 2,
                warning: 1,
                info: 0,
            },
        };
        assert_eq!(
            summary_line(shown, Summary::default()),
            "2 errors, 1 warning"
        );
        let hidden = Summary {
            error: 0,
            warning: 0,
            info: 3,
            baselined: 0,
            changes: crate::findings::Counts {
                error: 0,
                warning: 0,
                info: 1,
            },
        };
        assert_eq!(
            summary_line(
                Summary {
                    baselined: 2,
                    ..Summary::default()
                },
                Summary::default()
            ),
            "no new findings; 2 baselined (accepted, not failed on)"
        );
        assert_eq!(
            summary_line(shown, hidden),
            "2 errors, 1 warning; 1 info (3 findings) not shown (--level info shows them)"
        );
    }
}
