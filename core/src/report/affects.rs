//! Who a change reaches, as every human-facing format says it: merged over
//! the places of a change, in one line, and counted per user for the
//! reports that group by who is affected.

use std::collections::BTreeMap;

use crate::findings::{Affected, Counts, Level, Report, Shown};

/// How many places of use a change keeps per user.
const EVIDENCE: usize = 3;

/// The label of the changes that no known consumer uses.
pub const NOBODY: &str = "no known consumer";

/// Who the places of `change` reach, each user once (uses summed, the
/// first few pieces of evidence kept); `None` where no place was looked up.
pub fn merged(change: &Shown<'_>) -> Option<Vec<Affected>> {
    let mut known = false;
    let mut by_user: BTreeMap<(crate::findings::UserKind, &str), Affected> = BTreeMap::new();
    for place in &change.places {
        let Some(affects) = &place.affects else {
            continue;
        };
        known = true;
        for a in affects {
            let entry = by_user
                .entry((a.kind, a.name.as_str()))
                .or_insert_with(|| Affected {
                    kind: a.kind,
                    name: a.name.clone(),
                    uses: 0,
                    evidence: Vec::new(),
                });
            entry.uses += a.uses;
            for e in &a.evidence {
                if entry.evidence.len() < EVIDENCE && !entry.evidence.contains(e) {
                    entry.evidence.push(e.clone());
                }
            }
        }
    }
    known.then(|| by_user.into_values().collect())
}

/// `affects tenant acme (2 uses: fixtures/crm/acme/a.yaml:23, …), tenant
/// globex (1 use: …)`, or `affects no known consumer`; `None` where no
/// usage was looked up. `evidence`: how many places of use to name per user.
pub fn line(change: &Shown<'_>, evidence: usize) -> Option<String> {
    let users = merged(change)?;
    if users.is_empty() {
        return Some(format!("affects {NOBODY}"));
    }
    let named: Vec<String> = users
        .iter()
        .map(|a| {
            let places: Vec<String> = a
                .evidence
                .iter()
                .take(evidence)
                .map(|e| format!("{}:{}", e.file, e.line))
                .collect();
            let mut text = format!(
                "{} ({} {}",
                a.label(),
                a.uses,
                if a.uses == 1 { "use" } else { "uses" }
            );
            if !places.is_empty() {
                text.push_str(": ");
                text.push_str(&places.join(", "));
                if a.uses > places.len() {
                    text.push_str(", …");
                }
            }
            text.push(')');
            text
        })
        .collect();
    Some(format!("affects {}", named.join(", ")))
}

/// Why the change was let through by the gate, if it was.
pub fn let_through<'r>(change: &Shown<'r>) -> Option<&'r str> {
    change.places.iter().find_map(|p| p.let_through.as_deref())
}

/// The users of every change and how many changes of each level reach
/// each of them, in order of the most breaking; the changes no known
/// consumer uses last, as [`NOBODY`]. Empty where no usage was looked up.
pub fn by_user(report: &Report) -> Vec<(String, Counts)> {
    let mut users: BTreeMap<String, Counts> = BTreeMap::new();
    let mut nobody = Counts::default();
    let mut known = false;
    for change in report.changes() {
        let Some(affected) = merged(&change) else {
            continue;
        };
        known = true;
        let count = |counts: &mut Counts| match change.level {
            Level::Error => counts.error += 1,
            Level::Warning => counts.warning += 1,
            Level::Info => counts.info += 1,
        };
        if affected.is_empty() {
            count(&mut nobody);
        }
        for a in affected {
            count(users.entry(a.label()).or_default());
        }
    }
    if !known {
        return Vec::new();
    }
    let mut out: Vec<(String, Counts)> = users.into_iter().collect();
    out.sort_by(|a, b| {
        (b.1.error, b.1.warning, b.1.info)
            .cmp(&(a.1.error, a.1.warning, a.1.info))
            .then(a.0.cmp(&b.0))
    });
    if nobody.total() > 0 {
        out.push((NOBODY.to_owned(), nobody));
    }
    out
}

/// `2 errors, 1 warning, 3 info`.
pub fn counts_text(c: &Counts) -> String {
    let mut parts = Vec::new();
    for (n, one, many) in [
        (c.error, "error", "errors"),
        (c.warning, "warning", "warnings"),
        (c.info, "info", "info"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    parts.join(", ")
}
