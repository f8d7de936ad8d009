//! `--format json`: the stable report (docs/diff.md, "The JSON report"), pretty-
//! printed: one finding per place, each with its change id.

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

/// The findings of a JSON report accord wrote (`accord report merge`).
pub fn read(document: &crate::load::Document) -> Result<Vec<Finding>, crate::load::Invalid> {
    use crate::model::pointer::JsonPointer;
    let root = JsonPointer::root();
    if document
        .root
        .get("tool")
        .and_then(serde_json::Value::as_str)
        != Some("accord")
    {
        return Err(document.invalid(
            &root,
            "not a JSON report of accord (`\"tool\": \"accord\"` is missing)",
        ));
    }
    let Some(serde_json::Value::Array(items)) = document.root.get("findings") else {
        return Err(document.invalid(&root, "a report needs `findings` (a list)"));
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            serde_json::from_value::<Finding>(item.clone()).map_err(|e| {
                document.invalid(
                    &root.push("findings").push_index(index),
                    format!("not a finding: {e}"),
                )
            })
        })
        .collect()
}
