//! `--format html`: one self-contained page for architects — no external
//! script, font or style. The two sides compared and the counts, filters by
//! level, subject and tenant (and a text search), and each change once: a
//! change of a shared schema with every place it reaches, and the lines
//! around it in the old and the new contract side by side, long lines
//! wrapped. The changes are written into the page; its small script only
//! filters them.

use std::collections::BTreeSet;
use std::io::{self, Write};

use super::{Style, affects, escape_markup as escape};
use crate::findings::{Level, Location, Report, Shown};

const CSS: &str = r#"
:root { --error: #b42318; --warning: #b54708; --info: #175cd3; --muted: #667085; --line: #eaecf0; }
* { box-sizing: border-box; }
html, body { max-width: 100%; overflow-x: hidden; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #101828; background: #f9fafb; }
header { padding: 20px 32px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { font-size: 20px; margin: 0 0 6px; }
.compared { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; margin-bottom: 8px; overflow-wrap: anywhere; }
.compared b { font-weight: 600; }
.counts span { display: inline-block; margin-right: 16px; font-weight: 600; }
.counts .error { color: var(--error); } .counts .warning { color: var(--warning); } .counts .info { color: var(--info); }
.counts .findings { color: var(--muted); font-weight: 400; }
form { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; padding: 12px 32px; background: #fff; border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 1; }
main { padding: 16px 32px; max-width: 100%; }
.finding { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--muted); border-radius: 6px; padding: 10px 14px; margin-bottom: 10px; min-width: 0; }
.finding.error { border-left-color: var(--error); } .finding.warning { border-left-color: var(--warning); } .finding.info { border-left-color: var(--info); }
.finding.baselined { opacity: .7; }
.message { overflow-wrap: anywhere; max-height: 18em; overflow-y: auto; }
.level { font-weight: 700; text-transform: uppercase; font-size: 11px; margin-right: 8px; }
.error .level { color: var(--error); } .warning .level { color: var(--warning); } .info .level { color: var(--info); }
.rule { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; color: var(--muted); }
.affects { font-size: 12px; margin-top: 4px; overflow-wrap: anywhere; }
.meta, .reach { color: var(--muted); font-size: 12px; margin-top: 4px; overflow-wrap: anywhere; }
details.places { margin-top: 4px; font-size: 12px; }
details.places ul { margin: 4px 0; padding-left: 20px; max-height: 320px; overflow: auto; }
details.places li { overflow-wrap: anywhere; }
.sides { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 10px; margin-top: 8px; }
.sides.one { grid-template-columns: minmax(0, 1fr); }
.sides > div { min-width: 0; }
pre { margin: 0; padding: 8px 0; background: #f2f4f7; border-radius: 4px; max-height: 360px; overflow-y: auto; overflow-x: hidden; font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
pre .ln { display: inline-block; width: 5.5em; padding-right: 8px; text-align: right; color: var(--muted); user-select: none; }
pre .line { display: block; padding: 0 8px 0 5.5em; text-indent: -5.5em; }
pre .here { background: #fef0c7; }
pre.witness { padding: 8px; margin-top: 6px; max-height: 240px; }
.side-title { font-size: 11px; color: var(--muted); margin-bottom: 2px; overflow-wrap: anywhere; }
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
    var who = form.affects ? form.affects.value : '';
    var count = 0;
    items.forEach(function (item) {
      var ok = levels[item.dataset.level]
        && (!subject || item.dataset.subject === subject)
        && (!tenant || item.dataset.tenant === tenant)
        && (!who || (item.dataset.affects || '').indexOf('|' + who + '|') >= 0)
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

/// Lines of context shown before and after the changed line.
const BEFORE: u32 = 4;
const AFTER: u32 = 8;

/// The lines around a place, numbered, the changed one marked: the
/// region of the change rather than the whole schema it sits in. Falls
/// back to the node's own text where the file's lines are not known.
fn region(style: &Style, l: &Location) -> Option<String> {
    let fragments = style.fragments.as_ref()?;
    let first = l.line.saturating_sub(BEFORE).max(1);
    let lines = fragments.lines(&l.file, first, l.line + AFTER, (l.line, l.column));
    let Some(lines) = lines.filter(|lines| !lines.is_empty()) else {
        let text = fragments.fragment(&l.file, &l.pointer)?;
        return Some(escape(&super::window(&text, 0)));
    };
    let mut out = String::new();
    for (i, text) in lines.iter().enumerate() {
        let number = first + i as u32;
        out.push_str(&format!(
            r#"<span class="line{}"><span class="ln">{number}</span>{}</span>"#,
            if number == l.line { " here" } else { "" },
            escape(text)
        ));
    }
    Some(out)
}

fn change(c: &Shown<'_>, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let f = c.lead;
    let level = c.level.as_str();
    // Who the change reaches, as the filter names them: `|tenant acme|`.
    let users = affects::merged(c).map(|users| {
        if users.is_empty() {
            format!("|{}|", affects::NOBODY)
        } else {
            let labels: Vec<String> = users.iter().map(|a| a.label()).collect();
            format!("|{}|", labels.join("|"))
        }
    });
    writeln!(
        out,
        r#"<div class="finding {level}{}" data-level="{level}" data-subject="{}" data-tenant="{}"{}>"#,
        if f.baselined { " baselined" } else { "" },
        escape(f.subject.as_deref().unwrap_or_default()),
        escape(f.tenant.as_deref().unwrap_or_default()),
        users.map_or_else(String::new, |u| format!(
            r#" data-affects="{}""#,
            escape(&u)
        ))
    )?;
    writeln!(
        out,
        r#"<div class="message"><span class="level">{level}{}</span>{} <span class="rule">{}</span></div>"#,
        if f.baselined { " · baselined" } else { "" },
        escape(&c.message()),
        escape(&f.rule)
    )?;
    let mut meta = Vec::new();
    if let Some(l) = &f.location {
        meta.push(escape(&l.to_string()));
    }
    let operation = if c.places.len() > 1 {
        &None
    } else {
        &f.operation
    };
    for (label, value) in [
        ("subject", &f.subject),
        ("operation", operation),
        ("tenant", &f.tenant),
        ("fixture", &f.fixture),
        ("owner", &f.owner),
    ] {
        if let Some(v) = value {
            meta.push(format!("{label} <b>{}</b>", escape(v)));
        }
    }
    writeln!(out, r#"<div class="meta">{}</div>"#, meta.join(" · "))?;
    if let Some(who) = affects::line(c, 3) {
        writeln!(out, r#"<div class="affects">{}</div>"#, escape(&who))?;
    }
    if let Some(why) = affects::let_through(c) {
        writeln!(
            out,
            r#"<div class="affects">let through: {}</div>"#,
            escape(why)
        )?;
    }
    if let Some(witness) = &f.witness {
        let text = serde_json::to_string_pretty(witness).unwrap_or_else(|_| witness.to_string());
        writeln!(
            out,
            r#"<div class="side-title">witness (the instance in full)</div><pre class="witness">{}</pre>"#,
            escape(&text)
        )?;
    }
    if let Some(reach) = c.reach(3) {
        writeln!(out, r#"<div class="reach">{}</div>"#, escape(&reach))?;
        writeln!(
            out,
            r#"<details class="places"><summary>every place ({})</summary><ul>"#,
            c.places.len()
        )?;
        for p in &c.places {
            writeln!(
                out,
                "<li><b>{}</b> · {} <span class=\"rule\">{}</span></li>",
                escape(p.operation.as_deref().unwrap_or("-")),
                escape(&p.message),
                p.level.as_str()
            )?;
        }
        writeln!(out, "</ul></details>")?;
    }
    let before = f
        .base_location
        .as_ref()
        .and_then(|l| Some((l, region(style, l)?)));
    let after = f
        .location
        .as_ref()
        .and_then(|l| Some((l, region(style, l)?)));
    let removal = f.base_location.is_some() && f.base_location == f.location;
    let sides: Vec<(&str, (&Location, String))> = match (before, after) {
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
        for (title, (l, html)) in sides {
            writeln!(
                out,
                r#"<div><div class="side-title">{title} · {}</div><pre>{html}</pre></div>"#,
                escape(&l.to_string()),
            )?;
        }
        writeln!(out, "</div>")?;
    }
    writeln!(out, "</div>")
}

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let summary = report.summary();
    let changes = report.changes();
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
    let title = match &report.compared {
        Some((base, revision)) => format!("accord report: {base} → {revision}"),
        None => "accord report".to_owned(),
    };
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, r#"<html lang="en"><head><meta charset="utf-8">"#)?;
    writeln!(
        out,
        r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
    )?;
    writeln!(
        out,
        "<title>{}</title><style>{CSS}</style></head><body>",
        escape(&title)
    )?;
    writeln!(out, "<header><h1>accord report</h1>")?;
    if let Some((base, revision)) = &report.compared {
        writeln!(
            out,
            r#"<div class="compared">base <b>{}</b> → revision <b>{}</b></div>"#,
            escape(base),
            escape(revision)
        )?;
    }
    writeln!(out, r#"<div class="counts">"#)?;
    for level in Level::ALL {
        writeln!(
            out,
            r#"<span class="{0}">{1} {0}</span>"#,
            level.as_str(),
            summary.changes.count(level)
        )?;
    }
    let findings = summary.error + summary.warning + summary.info;
    if findings > summary.changes.total() {
        writeln!(
            out,
            r#"<span class="findings">{} changes, {findings} findings (places they reach)</span>"#,
            summary.changes.total()
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
    let users: BTreeSet<String> = affects::by_user(report)
        .into_iter()
        .map(|(who, _)| who)
        .collect();
    if !users.is_empty() {
        options("affects", "affects", &users, out)?;
    }
    writeln!(
        out,
        r#"<label>search <input type="search" name="search"></label>"#
    )?;
    writeln!(
        out,
        r#"<span id="shown">{0} of {0} shown</span></form><main>"#,
        changes.len()
    )?;
    if changes.is_empty() {
        writeln!(out, "<p>No findings.</p>")?;
    }
    // Errors first, as the report orders them within a level.
    for level in Level::ALL {
        for c in changes.iter().filter(|c| c.level == level) {
            change(c, style, out)?;
        }
    }
    writeln!(out, "</main><script>{SCRIPT}</script></body></html>")
}
