//! `--format junit`: JUnit XML that CI test-report viewers read. One test
//! case per check — each contract, fixture or subject the command
//! checked, and each that a finding names — failed when it has an error
//! finding (every error of it in the failure's text), warnings and info in
//! its `system-out`. Baselined findings never fail a case.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{case_of, escape_markup as escape};
use crate::findings::{Finding, Level, Report};

fn line(f: &Finding) -> String {
    let place = f
        .location
        .as_ref()
        .map_or_else(|| "-".to_owned(), ToString::to_string);
    let baselined = if f.baselined { " (baselined)" } else { "" };
    format!("{} {place}: {} [{}]{baselined}", f.level, f.message, f.rule)
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut cases: BTreeMap<String, Vec<&Finding>> = report
        .checked
        .iter()
        .map(|name| (name.clone(), Vec::new()))
        .collect();
    for f in &report.findings {
        cases.entry(case_of(f)).or_default().push(f);
    }
    if cases.is_empty() {
        cases.insert("accord".to_owned(), Vec::new());
    }
    let failing = |findings: &[&Finding]| {
        findings
            .iter()
            .any(|f| f.level == Level::Error && !f.baselined)
    };
    let failures = cases.values().filter(|f| failing(f)).count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="accord" tests="{}" failures="{failures}" errors="0">"#,
        cases.len()
    )?;
    writeln!(
        out,
        r#"  <testsuite name="accord" tests="{}" failures="{failures}" errors="0" skipped="0">"#,
        cases.len()
    )?;
    for (name, findings) in &cases {
        let class = findings
            .iter()
            .find_map(|f| f.subject.as_deref())
            .unwrap_or("accord");
        let file = findings
            .iter()
            .find_map(|f| f.location.as_ref())
            .map(|l| format!(r#" file="{}""#, escape(&l.file)))
            .unwrap_or_default();
        write!(
            out,
            r#"    <testcase classname="{}" name="{}"{file}"#,
            escape(class),
            escape(name)
        )?;
        if findings.is_empty() {
            writeln!(out, "/>")?;
            continue;
        }
        writeln!(out, ">")?;
        let errors: Vec<&&Finding> = findings
            .iter()
            .filter(|f| f.level == Level::Error && !f.baselined)
            .collect();
        if let Some(first) = errors.first() {
            let text: Vec<String> = errors.iter().map(|f| line(f)).collect();
            writeln!(
                out,
                r#"      <failure type="{}" message="{}">{}</failure>"#,
                escape(&first.rule),
                escape(&format!(
                    "{} error finding{}: {}",
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" },
                    first.message
                )),
                escape(&text.join("\n"))
            )?;
        }
        let rest: Vec<String> = findings
            .iter()
            .filter(|f| f.level != Level::Error || f.baselined)
            .map(|f| line(f))
            .collect();
        if !rest.is_empty() {
            writeln!(
                out,
                "      <system-out>{}</system-out>",
                escape(&rest.join("\n"))
            )?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}
