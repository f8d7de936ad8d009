//! `--format markdown`: a pull-request comment. A summary table by subject
//! and level, breaking changes (errors) first, each level's findings in a
//! collapsible section per subject, with links to the lines when the
//! repository's address is known (`GITHUB_SERVER_URL`, …).

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{Style, affects, repo_path};
use crate::findings::{Finding, Level, Report, Shown};

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

/// The most a comment may hold: GitHub refuses one over 65,536
/// characters; this leaves room for what a workflow adds around it.
pub const LIMIT: usize = 60_000;

/// A section: its title, which changes, open or collapsed.
type Section = (&'static str, fn(&Shown<'_>) -> bool, bool);

/// Text that counts its characters as it grows.
#[derive(Default)]
struct Page {
    text: String,
    chars: usize,
}

impl Page {
    fn push(&mut self, text: &str) {
        self.chars += text.chars().count();
        self.text.push_str(text);
    }

    fn line(&mut self, text: &str) {
        self.push(text);
        self.push("\n");
    }

    /// Writes each of `lines` that keeps the page within `budget`
    /// characters; returns how many did not fit.
    fn lines_within(&mut self, lines: impl IntoIterator<Item = String>, budget: usize) -> usize {
        let mut cut = 0;
        for line in lines {
            if self.chars + line.len() > budget {
                cut += 1;
                continue;
            }
            self.line(&line);
        }
        cut
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let page = render(report, style, LIMIT);
    out.write_all(page.as_bytes())
}

/// The comment, at most `limit` characters: errors first, then warnings,
/// info and what is baselined; what does not fit is counted, with where
/// the full report is.
pub fn render(report: &Report, style: &Style, limit: usize) -> String {
    let summary = report.summary();
    let changes = report.changes();
    let mut page = Page::default();
    let verdict = if summary.error > 0 {
        "❌"
    } else if summary.warning > 0 {
        "⚠️"
    } else {
        "✅"
    };
    let counts = summary.changes;
    page.line(&format!("## {verdict} accord: {}", summary.changes_line()));
    page.line("");
    let mut table: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    for c in &changes {
        let row = table.entry(subject(c.lead)).or_default();
        let column = match c.level {
            _ if c.lead.baselined => 3,
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
    let baselined = changes.iter().filter(|c| c.lead.baselined).count();
    if rows.is_empty() {
        page.line("No findings.");
    } else {
        page.line("| subject | error | warning | info | baselined |");
        page.line("|---|---:|---:|---:|---:|");
        // A long table is cut too, by the same budget as the details.
        let rows = rows
            .iter()
            .map(|(name, [e, w, i, b])| format!("| {} | {e} | {w} | {i} | {b} |", escape(name)));
        let cut = page.lines_within(rows, limit / 4);
        if cut > 0 {
            page.line(&format!("| _{cut} more subjects_ | | | | |"));
        }
        page.line(&format!(
            "| **total** | **{}** | **{}** | **{}** | **{baselined}** |",
            counts.error, counts.warning, counts.info
        ));
    }
    let users = affects::by_user(report);
    if !users.is_empty() {
        page.line("");
        page.line("| who is affected | error | warning | info |");
        page.line("|---|---:|---:|---:|");
        let rows = users.iter().map(|(who, c)| {
            format!(
                "| {} | {} | {} | {} |",
                escape(who),
                c.error,
                c.warning,
                c.info
            )
        });
        let cut = page.lines_within(rows, limit / 3);
        if cut > 0 {
            page.line(&format!("| _{cut} more_ | | | |"));
        }
    }
    if report.hidden.total() > 0 {
        page.line("");
        // A summary read from an older report counts findings only.
        let hidden = match report.hidden.changes.total() {
            0 => report.hidden.total(),
            n => n,
        };
        page.line(&format!(
            "_{} below the shown level (`--level info` shows them)._",
            plural(hidden, "more change", "more changes")
        ));
    }
    let sections: [Section; 4] = [
        (
            "Breaking changes (error)",
            |c| c.level == Level::Error && !c.lead.baselined,
            true,
        ),
        (
            "Warnings",
            |c| c.level == Level::Warning && !c.lead.baselined,
            false,
        ),
        (
            "Info",
            |c| c.level == Level::Info && !c.lead.baselined,
            false,
        ),
        ("Baselined (accepted)", |c| c.lead.baselined, false),
    ];
    // What is left when the budget runs out: room for closing the section
    // and saying how much is not shown.
    let reserve = 600;
    let mut left_out: Vec<&Shown<'_>> = Vec::new();
    for (title, keep, open) in sections {
        let chosen: Vec<&Shown<'_>> = changes.iter().filter(|c| keep(c)).collect();
        if chosen.is_empty() {
            continue;
        }
        if !left_out.is_empty() {
            left_out.extend(chosen);
            continue;
        }
        page.line("");
        page.line(&format!("### {title}"));
        let mut by_subject: BTreeMap<String, Vec<&Shown<'_>>> = BTreeMap::new();
        for c in chosen {
            by_subject.entry(subject(c.lead)).or_default().push(c);
        }
        for (name, list) in by_subject {
            if !left_out.is_empty() {
                left_out.extend(list);
                continue;
            }
            page.line("");
            page.line(&format!(
                "<details{}><summary><b>{}</b> · {}</summary>",
                if open { " open" } else { "" },
                escape(&name),
                list.len()
            ));
            page.line("");
            for (i, c) in list.iter().enumerate() {
                let entry = entry(c, style);
                if page.chars + entry.chars().count() + reserve > limit {
                    left_out.extend(list.iter().skip(i).copied());
                    break;
                }
                page.push(&entry);
            }
            page.line("");
            page.line("</details>");
        }
    }
    if !left_out.is_empty() {
        let findings: usize = left_out.iter().map(|c| c.places.len()).sum();
        let at = |level: Level| left_out.iter().filter(|c| c.level == level).count();
        let mut parts = Vec::new();
        for level in Level::ALL {
            let n = at(level);
            if n > 0 {
                parts.push(format!("{n} {level}"));
            }
        }
        let whereto = match &style.full_report {
            Some(url) if url.starts_with("http") => format!("the full report: {url}"),
            Some(note) => format!("the full report: {}", escape(note)),
            None => "the full report: `--format html` or `--format json`".to_owned(),
        };
        page.line("");
        page.line(&format!(
            "**{} not shown here** ({}; {} findings): see {whereto}.",
            plural(left_out.len(), "more change", "more changes"),
            parts.join(", "),
            findings
        ));
    } else if let Some(url) = style
        .full_report
        .as_deref()
        .filter(|u| u.starts_with("http"))
    {
        page.line("");
        page.line(&format!(
            "[The full report (every change, every level)]({url})"
        ));
    }
    page.text
}

/// One change as a list item: its rule and message, then where it is and
/// what it reaches.
fn entry(c: &Shown<'_>, style: &Style) -> String {
    let f = c.lead;
    let mut extra = Vec::new();
    if let Some(p) = place(f, style) {
        extra.push(p);
    }
    match c.reach(3) {
        Some(reach) => extra.push(escape(&reach)),
        None => {
            if let Some(o) = &f.operation {
                extra.push(format!("`{}`", escape(o)));
            }
        }
    }
    if let Some(t) = &f.tenant {
        extra.push(format!("tenant {}", escape(t)));
    }
    if let Some(x) = &f.fixture {
        extra.push(format!("fixture `{}`", escape(x)));
    }
    let mut text = format!("- **`{}`** — {}\n", f.rule, escape(&c.message()));
    if !extra.is_empty() {
        text.push_str(&format!("  <br>{}\n", extra.join(" · ")));
    }
    if let Some(who) = affects::line(c, 1) {
        text.push_str(&format!("  <br>{}\n", escape(&who)));
    }
    if let Some(why) = affects::let_through(c) {
        text.push_str(&format!("  <br>_let through: {}_\n", escape(why)));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Finding, Location};
    use crate::model::pointer::JsonPointer;

    fn many(n: usize) -> Report {
        let findings = (0..n)
            .map(|i| {
                let level = [Level::Error, Level::Warning, Level::Info][i % 3];
                let mut f = Finding::new(
                    "response-property-type-changed",
                    level,
                    format!(
                        "the type of `200` response property `{}` changed",
                        "x".repeat(60 + i % 40)
                    ),
                );
                f.operation = Some(format!("GET /things/{i}"));
                f.change = Some(format!("c{i}"));
                f.location = Some(Location {
                    file: "api.yaml".to_owned(),
                    pointer: JsonPointer::root(),
                    line: i as u32 + 1,
                    column: 1,
                });
                f
            })
            .collect();
        Report::new(findings, Level::Info)
    }

    #[test]
    fn a_comment_fits_whatever_the_diff_errors_first() {
        let style = Style {
            full_report: Some("https://example.test/runs/1/artifacts".to_owned()),
            ..Style::default()
        };
        let page = render(&many(5_000), &style, LIMIT);
        assert!(page.chars().count() <= LIMIT, "{}", page.chars().count());
        let errors = page.find("### Breaking changes").unwrap();
        assert!(page.find("### Warnings").is_none_or(|w| w > errors));
        let tail = page.lines().last().unwrap();
        assert!(tail.contains("more changes not shown here"), "{tail}");
        assert!(
            tail.contains("https://example.test/runs/1/artifacts"),
            "{tail}"
        );
        // Every <details> opened is closed.
        assert_eq!(
            page.matches("<details").count(),
            page.matches("</details>").count()
        );
        // A small report is shown whole.
        let small = render(&many(30), &style, LIMIT);
        assert!(!small.contains("not shown here"));
        assert_eq!(small.matches("- **`").count(), 30);
    }
}
