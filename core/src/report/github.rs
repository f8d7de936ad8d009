//! `--format github`: GitHub Actions workflow commands, one line per
//! finding (`::error file=…,line=…,col=…,title=RULE::message`), so that
//! findings land as annotations on the pull request's diff. Info is a
//! `::notice`, and so is a baselined finding of any level.

use std::io::{self, Write};

use super::{Style, repo_path};
use crate::findings::{Level, Report};

/// A command's message: `%`, CR and LF escaped.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: also `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// How many annotations of each kind GitHub shows for one step (it drops
/// the rest): 10 errors, 10 warnings, 10 notices.
pub const PER_KIND: usize = 10;

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let mut changes = report.changes();
    // Most severe first, so that the annotations GitHub shows are those.
    changes.sort_by_key(|c| std::cmp::Reverse(command(c.level, c.lead.baselined).1));
    let mut shown = [0usize; 3];
    let mut left_out = 0;
    for c in &changes {
        let f = c.lead;
        let (command, rank) = command(c.level, f.baselined);
        // The last notice is kept for saying what was left out.
        let room = if rank == 0 { PER_KIND - 1 } else { PER_KIND };
        let Some(count) = shown.get_mut(rank) else {
            continue;
        };
        if *count >= room {
            left_out += 1;
            continue;
        }
        *count += 1;
        let mut properties = Vec::new();
        if let Some(l) = &f.location {
            properties.push(format!(
                "file={}",
                escape_property(&repo_path(style, &l.file))
            ));
            properties.push(format!("line={}", l.line.max(1)));
            properties.push(format!("col={}", l.column.max(1)));
        }
        properties.push(format!("title={}", escape_property(&f.rule)));
        let mut message = c.message();
        let context: Vec<String> = [
            match c.reach(3) {
                Some(reach) => Some(reach),
                None => f.operation.as_ref().map(|o| o.to_string()),
            },
            f.tenant.as_ref().map(|t| format!("tenant {t}")),
            f.fixture.as_ref().map(|x| format!("fixture {x}")),
            f.baselined.then(|| "baselined".to_owned()),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !context.is_empty() {
            message.push_str(&format!(" ({})", context.join(", ")));
        }
        writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            escape_data(&message)
        )?;
    }
    if left_out > 0 {
        let whereto = style
            .full_report
            .clone()
            .unwrap_or_else(|| "`--format html` or `--format json`".to_owned());
        writeln!(
            out,
            "::notice title=accord::{}",
            escape_data(&format!(
                "{left_out} more change{} not annotated (GitHub shows {PER_KIND} annotations of each kind per step): see the full report, {whereto}",
                if left_out == 1 { "" } else { "s" }
            ))
        )?;
    }
    let summary = report.summary();
    let mut line = format!("accord: {}", summary.changes_line());
    if summary.baselined > 0 {
        line.push_str(&format!(", {} baselined", summary.baselined));
    }
    writeln!(out, "{line}")
}

/// The workflow command for a change, and its rank (2 error, 1 warning, 0
/// notice).
fn command(level: Level, baselined: bool) -> (&'static str, usize) {
    match level {
        _ if baselined => ("notice", 0),
        Level::Error => ("error", 2),
        Level::Warning => ("warning", 1),
        Level::Info => ("notice", 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_stay_within_what_github_shows_and_count_the_rest() {
        use crate::findings::Finding;
        let findings = (0..50)
            .map(|i| {
                let level = if i < 30 { Level::Error } else { Level::Info };
                let mut f = Finding::new(
                    "api-removed-without-deprecation",
                    level,
                    format!("gone {i}"),
                );
                f.change = Some(format!("c{i}"));
                f
            })
            .collect();
        let report = Report::new(findings, Level::Info);
        let mut out = Vec::new();
        write(&report, &Style::default(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("::error ").count(), PER_KIND);
        assert_eq!(text.matches("::notice ").count(), PER_KIND);
        // 20 errors and 11 notices left out, said in the last notice.
        assert!(text.contains("31 more changes not annotated"), "{text}");
    }

    #[test]
    fn commands_escape_what_would_end_them() {
        assert_eq!(escape_data("50% of a\nb"), "50%25 of a%0Ab");
        assert_eq!(escape_property("main:a,b.yaml"), "main%3Aa%2Cb.yaml");
    }
}
