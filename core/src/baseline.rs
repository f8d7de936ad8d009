//! Baselines: findings a team has accepted for now (a vendor's sandbox
//! drifted and the fix is scheduled), so that a nightly run fails only on
//! what is new — or on an accepted finding whose expiry has passed.
//!
//! `accord baseline update REPORT.json…` writes one entry per finding of
//! the reports, each with a fingerprint, the day it was first and last
//! seen, and an optional expiry. `--baseline FILE` on a reporting command
//! marks the findings it lists as baselined: shown, counted apart, never
//! failed on.
//!
//! A fingerprint covers what identifies a finding — rule, subject,
//! operation, tenant, fixture, file, pointer and message — and not its
//! line and column, which move when unrelated lines are edited.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::findings::{Finding, Level};
use crate::load::{self, Document};
use crate::model::date::Date;
use crate::model::pointer::JsonPointer;

/// The format version of the file.
const FORMAT: u32 = 1;

/// One accepted finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    pub level: Level,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixture: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub first_seen: String,
    pub last_seen: String,
    /// After this day the finding fails again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Entry {
    /// Whether the entry has expired by `today` (it holds through its
    /// expiry day).
    pub fn expired(&self, today: Date) -> bool {
        self.expires
            .as_deref()
            .and_then(Date::parse)
            .is_some_and(|day| day < today)
    }
}

/// A baseline file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub accord_baseline: u32,
    pub entries: Vec<Entry>,
}

/// A baseline file that cannot be used (exit 2).
pub type BaselineError = load::FileError;

/// What identifies a finding across runs (16 hex digits).
pub fn fingerprint(finding: &Finding) -> String {
    let none = String::new();
    let pointer = finding
        .location
        .as_ref()
        .map(|l| l.pointer.to_string())
        .unwrap_or_default();
    let file = finding.location.as_ref().map_or(&none, |l| &l.file);
    let parts = [
        &finding.rule,
        finding.subject.as_ref().unwrap_or(&none),
        finding.operation.as_ref().unwrap_or(&none),
        finding.tenant.as_ref().unwrap_or(&none),
        finding.fixture.as_ref().unwrap_or(&none),
        file,
        &pointer,
        &finding.message,
    ];
    let mut bytes = Vec::new();
    for part in parts {
        bytes.extend_from_slice(part.as_bytes());
        bytes.push(0);
    }
    format!("{:016x}", crate::shard::fnv1a(&bytes))
}

/// What [`Baseline::update`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Updated {
    pub added: usize,
    pub kept: usize,
    /// Entries whose finding is gone (fixed): dropped.
    pub dropped: usize,
}

/// What [`Baseline::apply`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub baselined: usize,
    /// Entries past their expiry whose finding is back to failing.
    pub expired: Vec<Entry>,
}

impl Baseline {
    /// Reads a baseline file; a missing file is an error (a typo in
    /// `--baseline` must not pass every finding).
    pub fn read(path: &Path) -> Result<Self, BaselineError> {
        let document = Document::read(path)?;
        let root = JsonPointer::root();
        let baseline: Baseline = serde_json::from_value(document.root.clone()).map_err(|e| {
            document.invalid(
                &root,
                format!("not an accord baseline (`accord baseline update` writes one): {e}"),
            )
        })?;
        if baseline.accord_baseline != FORMAT {
            return Err(document
                .invalid(
                    &root.push("accord_baseline"),
                    format!(
                        "baseline format {} is not one this accord reads ({FORMAT})",
                        baseline.accord_baseline
                    ),
                )
                .into());
        }
        for (index, entry) in baseline.entries.iter().enumerate() {
            if let Some(expires) = &entry.expires
                && Date::parse(expires).is_none()
            {
                return Err(document
                    .invalid(
                        &root.push("entries").push_index(index).push("expires"),
                        format!("`{expires}` is not a day (YYYY-MM-DD)"),
                    )
                    .into());
            }
        }
        Ok(baseline)
    }

    /// Writes the file (pretty JSON, entries in a stable order).
    pub fn write(&self, path: &Path) -> Result<(), BaselineError> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| BaselineError::Write {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        text.push('\n');
        let text = crate::fixtures::redact::known().scrub(&text);
        std::fs::write(path, text).map_err(|e| BaselineError::Write {
            path: path.display().to_string(),
            reason: e.to_string(),
        })
    }

    /// The baseline of `findings`: entries still found keep their first
    /// day, expiry and reason; new ones get `expires` and `reason`; the
    /// rest are dropped.
    pub fn update(
        previous: Option<&Baseline>,
        findings: &[Finding],
        today: Date,
        expires: Option<Date>,
        reason: Option<&str>,
    ) -> (Baseline, Updated) {
        let old: BTreeMap<&str, &Entry> = previous
            .map(|b| {
                b.entries
                    .iter()
                    .map(|e| (e.fingerprint.as_str(), e))
                    .collect()
            })
            .unwrap_or_default();
        let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
        let mut updated = Updated::default();
        for finding in findings {
            let print = fingerprint(finding);
            if entries.contains_key(&print) {
                continue;
            }
            let entry = match old.get(print.as_str()) {
                Some(previous) => {
                    updated.kept += 1;
                    Entry {
                        last_seen: today.to_string(),
                        level: finding.level,
                        ..(*previous).clone()
                    }
                }
                None => {
                    updated.added += 1;
                    Entry {
                        fingerprint: print.clone(),
                        rule: finding.rule.clone(),
                        level: finding.level,
                        message: finding.message.clone(),
                        subject: finding.subject.clone(),
                        operation: finding.operation.clone(),
                        tenant: finding.tenant.clone(),
                        fixture: finding.fixture.clone(),
                        file: finding.location.as_ref().map(|l| l.file.clone()),
                        first_seen: today.to_string(),
                        last_seen: today.to_string(),
                        expires: expires.map(|d| d.to_string()),
                        reason: reason.map(str::to_owned),
                    }
                }
            };
            entries.insert(print, entry);
        }
        updated.dropped = old.keys().filter(|k| !entries.contains_key(**k)).count();
        let mut entries: Vec<Entry> = entries.into_values().collect();
        entries.sort_by(|a, b| {
            (&a.file, &a.fixture, &a.rule, &a.message)
                .cmp(&(&b.file, &b.fixture, &b.rule, &b.message))
        });
        (
            Baseline {
                accord_baseline: FORMAT,
                entries,
            },
            updated,
        )
    }

    /// Marks the findings this baseline accepts (and has not expired by
    /// `today`) as baselined.
    pub fn apply(&self, findings: &mut [Finding], today: Date) -> Applied {
        let entries: BTreeMap<&str, &Entry> = self
            .entries
            .iter()
            .map(|e| (e.fingerprint.as_str(), e))
            .collect();
        let mut applied = Applied::default();
        for finding in findings {
            let Some(entry) = entries.get(fingerprint(finding).as_str()) else {
                continue;
            };
            if entry.expired(today) {
                applied.expired.push((*entry).clone());
            } else {
                finding.baselined = true;
                applied.baselined += 1;
            }
        }
        applied
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Location;

    fn finding(rule: &str, message: &str, line: u32) -> Finding {
        let mut f = Finding::new(rule, Level::Error, message.to_owned());
        f.fixture = Some("crm-acme-get-account".to_owned());
        f.location = Some(Location {
            file: "fixtures/crm/acme/get-account.yaml".to_owned(),
            pointer: JsonPointer::root().push("response").push("status"),
            line,
            column: 3,
        });
        f
    }

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn fingerprints_ignore_lines_but_not_what_was_found() {
        let a = finding("drift-status-changed", "answered `404`", 10);
        assert_eq!(
            fingerprint(&a),
            fingerprint(&finding("drift-status-changed", "answered `404`", 12))
        );
        assert_ne!(
            fingerprint(&a),
            fingerprint(&finding("drift-status-changed", "answered `410`", 10))
        );
        assert_eq!(fingerprint(&a).len(), 16);
    }

    #[test]
    fn accepted_findings_pass_until_they_expire() {
        let old = finding("drift-status-changed", "answered `404`", 10);
        let (baseline, updated) = Baseline::update(
            None,
            std::slice::from_ref(&old),
            day("2026-11-28"),
            Some(day("2026-12-31")),
            Some("vendor ticket 42"),
        );
        assert_eq!(
            updated,
            Updated {
                added: 1,
                kept: 0,
                dropped: 0
            }
        );
        let mut run = vec![
            old.clone(),
            finding("drift-field-removed", "no longer has `Phone`", 20),
        ];
        let applied = baseline.apply(&mut run, day("2026-12-31"));
        assert_eq!(applied.baselined, 1);
        assert!(run[0].baselined && !run[1].baselined);
        let mut later = vec![old.clone()];
        let applied = baseline.apply(&mut later, day("2027-01-01"));
        assert_eq!((applied.baselined, applied.expired.len()), (0, 1));
        assert!(!later[0].baselined);
    }

    #[test]
    fn updates_keep_history_and_drop_what_is_fixed() {
        let a = finding("drift-status-changed", "answered `404`", 10);
        let b = finding("drift-field-removed", "no longer has `Phone`", 20);
        let (first, _) = Baseline::update(None, &[a.clone(), b], day("2026-11-01"), None, None);
        let (second, updated) = Baseline::update(Some(&first), &[a], day("2026-11-28"), None, None);
        assert_eq!(
            updated,
            Updated {
                added: 0,
                kept: 1,
                dropped: 1
            }
        );
        assert_eq!(second.entries.len(), 1);
        assert_eq!(second.entries[0].first_seen, "2026-11-01");
        assert_eq!(second.entries[0].last_seen, "2026-11-28");
    }
}
