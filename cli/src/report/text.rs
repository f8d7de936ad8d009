//! `--format text`: findings grouped by subject and operation, each on one
//! line that starts with `file:line:column` (so editors and terminals can
//! jump to it), then a one-line summary.

use std::io::{self, Write};

use crate::findings::{Finding, Level, Report, Summary};

use super::Style;

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
    // Groups in order of first appearance; findings keep the report's order.
    // Findings with neither subject nor operation come first, unheaded.
    let mut groups: Vec<(Option<String>, Vec<&Finding>)> = Vec::new();
    for finding in &report.findings {
        let heading = heading(finding);
        match groups.iter_mut().find(|(h, _)| *h == heading) {
            Some((_, members)) => members.push(finding),
            None => groups.push((heading, vec![finding])),
        }
    }
    groups.sort_by_key(|(h, _)| h.is_some());
    for (heading, members) in &groups {
        if let Some(heading) = heading {
            writeln!(out, "{}", paint(BOLD, heading))?;
        }
        for f in members {
            let place = f
                .location
                .as_ref()
                .map_or_else(|| "-".to_owned(), ToString::to_string);
            let level = format!("{:<7}", f.level.as_str());
            write!(
                out,
                "  {} {place}: {} {}",
                paint(level_color(f.level), &level),
                f.message,
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
            if !extra.is_empty() {
                write!(out, " {}", paint(DIM, &format!("({})", extra.join(", "))))?;
            }
            writeln!(out)?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", summary_line(report.summary(), report.hidden))
}

fn heading(f: &Finding) -> Option<String> {
    let subject = f.subject.as_ref().map(|s| match &f.owner {
        Some(owner) => format!("{s} (owner: {owner})"),
        None => s.clone(),
    });
    match (&subject, &f.operation) {
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

fn summary_line(shown: Summary, hidden: Summary) -> String {
    let parts: Vec<String> = Level::ALL
        .into_iter()
        .filter(|&l| shown.count(l) > 0)
        .map(|l| counted(shown.count(l), l))
        .collect();
    let baselined = shown.baselined + hidden.baselined;
    let mut line = if parts.is_empty() && baselined > 0 {
        "no new findings".to_owned()
    } else if parts.is_empty() {
        "no findings".to_owned()
    } else {
        parts.join(", ")
    };
    let hidden_parts: Vec<String> = Level::ALL
        .into_iter()
        .filter(|&l| hidden.count(l) > 0)
        .map(|l| counted(hidden.count(l), l))
        .collect();
    if let Some(lowest) = Level::ALL.into_iter().rev().find(|&l| hidden.count(l) > 0) {
        line += &format!(
            "; {} not shown (--level {lowest} shows them)",
            hidden_parts.join(", ")
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
            "2 errors, 1 warning; 3 info not shown (--level info shows them)"
        );
    }
}
