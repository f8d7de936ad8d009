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

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.findings {
        let command = match f.level {
            _ if f.baselined => "notice",
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "notice",
        };
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
        let mut message = f.message.clone();
        let context: Vec<String> = [
            f.operation.as_ref().map(|o| o.to_string()),
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
    let summary = report.summary();
    let counted =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = format!(
        "accord: {}, {}, {} info",
        counted(summary.error, "error", "errors"),
        counted(summary.warning, "warning", "warnings"),
        summary.info
    );
    if summary.baselined > 0 {
        line.push_str(&format!(", {} baselined", summary.baselined));
    }
    writeln!(out, "{line}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_escape_what_would_end_them() {
        assert_eq!(escape_data("50% of a\nb"), "50%25 of a%0Ab");
        assert_eq!(escape_property("main:a,b.yaml"), "main%3Aa%2Cb.yaml");
    }
}
