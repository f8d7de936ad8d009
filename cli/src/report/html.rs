//! `--format html`: one self-contained page for architects — no external
//! script, font or style. A summary, filters by level, subject and tenant
//! (and a text search), and each finding with the fragment of the old and
//! the new contract side by side where both are known. The findings are
//! written into the page; its small script only filters them.

use std::collections::BTreeSet;
use std::io::{self, Write};

use super::{Style, escape_markup as escape};
use crate::findings::{Finding, Level, Report};

const CSS: &str = r#"
:root { --error: #b42318; --warning: #b54708; --info: #175cd3; --muted: #667085; --line: #eaecf0; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #101828; background: #f9fafb; }
header { padding: 20px 32px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { font-size: 20px; margin: 0 0 8px; }
.counts span { display: inline-block; margin-right: 16px; font-weight: 600; }
.counts .error { color: var(--error); } .counts .warning { color: var(--warning); } .counts .info { color: var(--info); }
form { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; padding: 12px 32px; background: #fff; border-bottom: 1px solid var(--line); position: sticky; top: 0; }
main { padding: 16px 32px; }
.finding { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--muted); border-radius: 6px; padding: 10px 14px; margin-bottom: 10px; }
.finding.error { border-left-color: var(--error); } .finding.warning { border-left-color: var(--warning); } .finding.info { border-left-color: var(--info); }
.finding.baselined { opacity: .7; }
.level { font-weight: 700; text-transform: uppercase; font-size: 11px; margin-right: 8px; }
.error .level { color: var(--error); } .warning .level { color: var(--warning); } .info .level { color: var(--info); }
.rule { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; color: var(--muted); }
.meta { color: var(--muted); font-size: 12px; margin-top: 4px; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; margin-top: 8px; }
.sides.one { grid-template-columns: 1fr; }
pre { margin: 0; padding: 8px; background: #f2f4f7; border-radius: 4px; overflow: auto; max-height: 320px; font-size: 12px; }
.side-title { font-size: 11px; color: var(--muted); margin-bottom: 2px; }
.hidden { display: none; }
"#;

const SCRIPT: &str = r#"
(function () {
  var form = document.getElementById('filters');
  var items = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  var shown = document.getElementById('shown');
  function apply() {
    var levels = {};
    Array.prototype.forEach.call(form.querySelectorAll('input[name=level]'), function (box) { levels[box.value] = box.checked; });
    var subject = form.subject.value, tenant = form.tenant.value, text = form.search.value.toLowerCase();
    var count = 0;
    items.forEach(function (item) {
      var ok = levels[item.dataset.level]
        && (!subject || item.dataset.subject === subject)
        && (!tenant || item.dataset.tenant === tenant)
        && (!text || item.textContent.toLowerCase().indexOf(text) >= 0);
      item.classList.toggle('hidden', !ok);
      if (ok) { count += 1; }
    });
    shown.textContent = count + ' of ' + items.length + ' shown';
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  apply();
})();
"#;

fn options(
    name: &str,
    label: &str,
    values: &BTreeSet<String>,
    out: &mut dyn Write,
) -> io::Result<()> {
    write!(
        out,
        r#"<label>{label} <select name="{name}"><option value="">all</option>"#
    )?;
    for v in values {
        write!(out, r#"<option value="{0}">{0}</option>"#, escape(v))?;
    }
    writeln!(out, "</select></label>")
}

fn fragment(
    style: &Style,
    file: &str,
    pointer: &crate::model::pointer::JsonPointer,
) -> Option<String> {
    let text = style.fragments.as_ref()?.fragment(file, pointer)?;
    // Long fragments are cut: the page is for reading.
    let lines: Vec<&str> = text.lines().collect();
    Some(if lines.len() > 60 {
        format!(
            "{}\n… ({} more lines)",
            lines[..60].join("\n"),
            lines.len() - 60
        )
    } else {
        text
    })
}

fn finding(f: &Finding, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let level = f.level.as_str();
    writeln!(
        out,
        r#"<div class="finding {level}{}" data-level="{level}" data-subject="{}" data-tenant="{}">"#,
        if f.baselined { " baselined" } else { "" },
        escape(f.subject.as_deref().unwrap_or_default()),
        escape(f.tenant.as_deref().unwrap_or_default())
    )?;
    writeln!(
        out,
        r#"<div><span class="level">{level}{}</span>{} <span class="rule">{}</span></div>"#,
        if f.baselined { " · baselined" } else { "" },
        escape(&f.message),
        escape(&f.rule)
    )?;
    let mut meta = Vec::new();
    if let Some(l) = &f.location {
        meta.push(escape(&l.to_string()));
    }
    for (label, value) in [
        ("subject", &f.subject),
        ("operation", &f.operation),
        ("tenant", &f.tenant),
        ("fixture", &f.fixture),
        ("owner", &f.owner),
    ] {
        if let Some(v) = value {
            meta.push(format!("{label} <b>{}</b>", escape(v)));
        }
    }
    writeln!(out, r#"<div class="meta">{}</div>"#, meta.join(" · "))?;
    let before = f
        .base_location
        .as_ref()
        .and_then(|l| Some((l, fragment(style, &l.file, &l.pointer)?)));
    let after = f
        .location
        .as_ref()
        .and_then(|l| Some((l, fragment(style, &l.file, &l.pointer)?)));
    let removal = f.base_location.is_some() && f.base_location == f.location;
    let sides: Vec<(&str, (&crate::findings::Location, String))> = match (before, after) {
        (Some(b), Some(_)) if removal => vec![("before", b)],
        (Some(b), Some(a)) => vec![("before", b), ("after", a)],
        (None, Some(a)) => vec![("at", a)],
        (Some(b), None) => vec![("before", b)],
        (None, None) => Vec::new(),
    };
    if !sides.is_empty() {
        writeln!(
            out,
            r#"<div class="sides{}">"#,
            if sides.len() == 1 { " one" } else { "" }
        )?;
        for (title, (l, text)) in sides {
            writeln!(
                out,
                r#"<div><div class="side-title">{title} · {}</div><pre>{}</pre></div>"#,
                escape(&l.to_string()),
                escape(&text)
            )?;
        }
        writeln!(out, "</div>")?;
    }
    writeln!(out, "</div>")
}

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let summary = report.summary();
    let subjects: BTreeSet<String> = report
        .findings
        .iter()
        .filter_map(|f| f.subject.clone())
        .collect();
    let tenants: BTreeSet<String> = report
        .findings
        .iter()
        .filter_map(|f| f.tenant.clone())
        .collect();
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, r#"<html lang="en"><head><meta charset="utf-8">"#)?;
    writeln!(
        out,
        r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
    )?;
    writeln!(
        out,
        "<title>accord report</title><style>{CSS}</style></head><body>"
    )?;
    writeln!(out, "<header><h1>accord report</h1><div class=\"counts\">")?;
    for level in Level::ALL {
        writeln!(
            out,
            r#"<span class="{0}">{1} {0}</span>"#,
            level.as_str(),
            summary.count(level)
        )?;
    }
    if summary.baselined > 0 {
        writeln!(out, "<span>{} baselined</span>", summary.baselined)?;
    }
    if report.hidden.total() > 0 {
        writeln!(
            out,
            "<span>{} below the shown level</span>",
            report.hidden.total()
        )?;
    }
    writeln!(out, "</div></header>")?;
    writeln!(out, r#"<form id="filters" onsubmit="return false">"#)?;
    for level in Level::ALL {
        writeln!(
            out,
            r#"<label><input type="checkbox" name="level" value="{0}" checked> {0}</label>"#,
            level.as_str()
        )?;
    }
    options("subject", "subject", &subjects, out)?;
    options("tenant", "tenant", &tenants, out)?;
    writeln!(
        out,
        r#"<label>search <input type="search" name="search"></label>"#
    )?;
    writeln!(
        out,
        r#"<span id="shown">{0} of {0} shown</span></form><main>"#,
        report.findings.len()
    )?;
    if report.findings.is_empty() {
        writeln!(out, "<p>No findings.</p>")?;
    }
    // Errors first, as the report orders them within a level.
    for level in Level::ALL {
        for f in report.findings.iter().filter(|f| f.level == level) {
            finding(f, style, out)?;
        }
    }
    writeln!(out, "</main><script>{SCRIPT}</script></body></html>")
}
