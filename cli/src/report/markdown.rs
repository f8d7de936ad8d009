//! `--format markdown`: a pull-request comment. A summary table by subject
//! and level, breaking changes (errors) first, each level's findings in a
//! collapsible section per subject, with links to the lines when the
//! repository's address is known (`GITHUB_SERVER_URL`, …).

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{Style, repo_path};
use crate::findings::{Finding, Level, Report};

/// Text safe inside a markdown paragraph or table cell.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('\n', " ")
}

fn subject(f: &Finding) -> String {
    f.subject
        .clone()
        .unwrap_or_else(|| "(no subject)".to_owned())
}

/// `file:line`, linked when the repository's address is known.
pub fn place(f: &Finding, style: &Style) -> Option<String> {
    let l = f.location.as_ref()?;
    let shown = format!("{}:{}", l.file, l.line);
    Some(match &style.link_base {
        Some(base) if !l.file.contains(':') => format!(
            "[`{}`]({base}{}#L{})",
            escape(&shown),
            super::sarif::uri(&repo_path(style, &l.file)),
            l.line
        ),
        _ => format!("`{}`", escape(&shown)),
    })
}

/// A section: its title, which findings, open or collapsed.
type Section = (&'static str, fn(&Finding) -> bool, bool);

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let summary = report.summary();
    let verdict = if summary.error > 0 {
        "❌"
    } else if summary.warning > 0 {
        "⚠️"
    } else {
        "✅"
    };
    writeln!(
        out,
        "## {verdict} accord: {} error{}, {} warning{}, {} info",
        summary.error,
        if summary.error == 1 { "" } else { "s" },
        summary.warning,
        if summary.warning == 1 { "" } else { "s" },
        summary.info
    )?;
    writeln!(out)?;
    let mut table: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    for f in &report.findings {
        let row = table.entry(subject(f)).or_default();
        let column = match f.level {
            _ if f.baselined => 3,
            Level::Error => 0,
            Level::Warning => 1,
            Level::Info => 2,
        };
        if let Some(cell) = row.get_mut(column) {
            *cell += 1;
        }
    }
    let mut rows: Vec<(&String, &[usize; 4])> = table.iter().collect();
    // Most breaking first.
    rows.sort_by(|a, b| {
        (b.1[0], b.1[1], b.1[2])
            .cmp(&(a.1[0], a.1[1], a.1[2]))
            .then(a.0.cmp(b.0))
    });
    if rows.is_empty() {
        writeln!(out, "No findings.")?;
    } else {
        writeln!(out, "| subject | error | warning | info | baselined |")?;
        writeln!(out, "|---|---:|---:|---:|---:|")?;
        for (name, [e, w, i, b]) in &rows {
            writeln!(out, "| {} | {e} | {w} | {i} | {b} |", escape(name))?;
        }
        writeln!(
            out,
            "| **total** | **{}** | **{}** | **{}** | **{}** |",
            summary.error, summary.warning, summary.info, summary.baselined
        )?;
    }
    if report.hidden.total() > 0 {
        writeln!(out)?;
        writeln!(
            out,
            "_{} more below the shown level (`--level info` shows them)._",
            report.hidden.total()
        )?;
    }
    let sections: [Section; 4] = [
        (
            "Breaking changes (error)",
            |f| f.level == Level::Error && !f.baselined,
            true,
        ),
        (
            "Warnings",
            |f| f.level == Level::Warning && !f.baselined,
            false,
        ),
        ("Info", |f| f.level == Level::Info && !f.baselined, false),
        ("Baselined (accepted)", |f| f.baselined, false),
    ];
    for (title, keep, open) in sections {
        let chosen: Vec<&Finding> = report.findings.iter().filter(|f| keep(f)).collect();
        if chosen.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "### {title}")?;
        let mut by_subject: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
        for f in chosen {
            by_subject.entry(subject(f)).or_default().push(f);
        }
        for (name, findings) in by_subject {
            writeln!(out)?;
            writeln!(
                out,
                "<details{}><summary><b>{}</b> · {}</summary>",
                if open { " open" } else { "" },
                escape(&name),
                findings.len()
            )?;
            writeln!(out)?;
            for f in findings {
                let mut extra = Vec::new();
                if let Some(p) = place(f, style) {
                    extra.push(p);
                }
                if let Some(o) = &f.operation {
                    extra.push(format!("`{}`", escape(o)));
                }
                if let Some(t) = &f.tenant {
                    extra.push(format!("tenant {}", escape(t)));
                }
                if let Some(x) = &f.fixture {
                    extra.push(format!("fixture `{}`", escape(x)));
                }
                writeln!(out, "- **`{}`** — {}", f.rule, escape(&f.message))?;
                if !extra.is_empty() {
                    writeln!(out, "  <br>{}", extra.join(" · "))?;
                }
            }
            writeln!(out)?;
            writeln!(out, "</details>")?;
        }
    }
    Ok(())
}
