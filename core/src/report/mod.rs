//! Formatters: each renders a [`Report`](crate::findings::Report) to a
//! writer. They know findings and rule metadata, never engines.

pub mod affects;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;

use std::io::{self, Write};

use crate::findings::{Finding, Report};

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Grouped by operation, `file:line:column` on every finding.
    Text,
    /// The stable machine interface (one finding per place).
    Json,
    /// A pull-request comment: a summary table, then details.
    Markdown,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, for CI test-report viewers.
    Junit,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
    /// One self-contained page for architects.
    Html,
}

/// How to render.
#[derive(Clone, Default)]
pub struct Style {
    /// ANSI colours (only on a terminal, unless forced).
    pub color: bool,
    /// The path from the repository root to the directory that findings'
    /// files are relative to (`""` at the root, `services/crm/` below it):
    /// SARIF and GitHub want paths from the root.
    pub repo_prefix: String,
    /// Where a file of the repository can be linked to
    /// (`https://github.com/o/r/blob/<sha>/`), for markdown and HTML.
    pub link_base: Option<String>,
    /// The fragments of the contracts that findings point at, for HTML.
    pub fragments: Option<std::sync::Arc<dyn Fragments>>,
    /// Where the full report is (a workflow artifact's address), for the
    /// reports that show part of it (markdown, github).
    pub full_report: Option<String>,
}

impl std::fmt::Debug for Style {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Style")
            .field("color", &self.color)
            .field("repo_prefix", &self.repo_prefix)
            .field("link_base", &self.link_base)
            .field("fragments", &self.fragments.is_some())
            .field("full_report", &self.full_report)
            .finish()
    }
}

/// The source text of a place in a file, for showing it beside a finding.
pub trait Fragments: Sync {
    /// The fragment of `file` at `pointer`, as the file writes it.
    fn fragment(&self, file: &str, pointer: &crate::model::pointer::JsonPointer) -> Option<String>;

    /// The lines of `file` from `first` to `last` (1-based, inclusive, cut
    /// to the file), as written, each cut to [`MAX_LINE`] characters by
    /// [`window`]: around `focus`'s column on `focus`'s line (line, column).
    fn lines(&self, file: &str, first: u32, last: u32, focus: (u32, u32)) -> Option<Vec<String>>;
}

/// The most characters of one line a card shows: a minified document is
/// one line of megabytes, and each card showing all of it made a report
/// of 100,000 findings 300 GB.
pub const MAX_LINE: usize = 400;

/// `text` cut to [`MAX_LINE`] characters around character `at`, with `…`
/// where it was cut.
pub fn window(text: &str, at: usize) -> String {
    // By bytes, so that the cost is the window's, not the line's (a column
    // in a line of multi-byte characters shifts the window a little).
    if text.len() <= MAX_LINE {
        return text.to_owned();
    }
    let floor = |mut i: usize| {
        while i > 0 && !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(at.saturating_sub(MAX_LINE / 4).min(text.len() - MAX_LINE));
    let end = floor((start + MAX_LINE).min(text.len()));
    format!(
        "{}{}{}",
        if start > 0 { "…" } else { "" },
        text.get(start..end).unwrap_or_default(),
        if end < text.len() { "…" } else { "" }
    )
}

pub fn write(
    report: &Report,
    format: Format,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Text => text::write(report, style, out),
        Format::Json => json::write(report, out),
        Format::Markdown => markdown::write(report, style, out),
        Format::Sarif => sarif::write(report, style, out),
        Format::Junit => junit::write(report, out),
        Format::Github => github::write(report, style, out),
        Format::Html => html::write(report, style, out),
    }
}

/// What a finding's test case is named after: its fixture, else its
/// subject, else its operation, else its file, else its rule.
pub fn case_of(finding: &Finding) -> String {
    finding
        .fixture
        .clone()
        .or_else(|| finding.subject.clone())
        .or_else(|| finding.operation.clone())
        .or_else(|| finding.location.as_ref().map(|l| l.file.clone()))
        .unwrap_or_else(|| finding.rule.clone())
}

/// The file of a finding from the repository root.
pub fn repo_path(style: &Style, file: &str) -> String {
    let file = file.strip_prefix("./").unwrap_or(file);
    if style.repo_prefix.is_empty() || file.starts_with('/') {
        file.to_owned()
    } else {
        format!("{}{file}", style.repo_prefix)
    }
}

/// Text for XML and HTML content and attributes: the five entities
/// escaped, and characters XML 1.0 cannot hold dropped.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_xml_safe() {
        assert_eq!(
            escape_markup(r#"a<b & "c" 'd'>"#),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(escape_markup("bell\u{7}\ttab"), "bell\ttab");
    }
}
