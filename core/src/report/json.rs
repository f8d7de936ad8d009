//! `--format json`: the stable report (docs/diff.md, "The JSON report"), pretty-
//! printed: one finding per place, each with its change id.

use std::io::{self, Write};

use serde::Serialize;

use crate::findings::{Finding, ReadAs, Report, Summary};

#[derive(Serialize)]
struct JsonReport<'r> {
    tool: &'static str,
    version: &'static str,
    findings: &'r [Finding],
    summary: Summary,
    /// The two sides of a comparison (`diff`, `impact`), each as named and
    /// as read.
    #[serde(skip_serializing_if = "Option::is_none")]
    compared: Option<Compared<'r>>,
}

#[derive(Serialize)]
struct Compared<'r> {
    base: Side<'r>,
    revision: Side<'r>,
}

#[derive(Serialize)]
struct Side<'r> {
    document: &'r str,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    read_as: Option<&'r ReadAs>,
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let compared = report.compared.as_ref().map(|(base, revision)| {
        let read_as = report.read_as.as_ref();
        Compared {
            base: Side {
                document: base,
                read_as: read_as.map(|[b, _]| b),
            },
            revision: Side {
                document: revision,
                read_as: read_as.map(|[_, r]| r),
            },
        }
    });
    let doc = JsonReport {
        tool: "accord",
        version: env!("CARGO_PKG_VERSION"),
        findings: &report.findings,
        summary: report.summary(),
        compared,
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
