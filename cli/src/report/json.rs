//! `--format json`: exactly the shape in DESIGN.md, pretty-printed.

use std::io::{self, Write};

use serde::Serialize;

use crate::findings::{Finding, Report, Summary};

#[derive(Serialize)]
struct JsonReport<'r> {
    tool: &'static str,
    version: &'static str,
    findings: &'r [Finding],
    summary: Summary,
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let doc = JsonReport {
        tool: "accord",
        version: env!("CARGO_PKG_VERSION"),
        findings: &report.findings,
        summary: report.summary(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
