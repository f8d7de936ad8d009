//! Findings: the one currency of every check, and the report that holds them.
//! Engines produce findings; formatters in `report/` render a [`Report`] and
//! know nothing of engines.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::pointer::JsonPointer;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Warning,
    Error,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Error, Level::Warning, Level::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == text)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in a contract file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Location {
    pub file: String,
    pub pointer: JsonPointer,
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One thing a check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: String,
    pub level: Level,
    pub message: String,
    pub subject: Option<String>,
    /// `GET /accounts/{accountId}`.
    pub operation: Option<String>,
    pub location: Option<Location>,
    pub tenant: Option<String>,
    pub fixture: Option<String>,
    /// Who owns the subject (`accord.yaml`), where it is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Accepted in the baseline (`--baseline`): shown, never failed on.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub baselined: bool,
    /// Where the change was in the base, when `location` is in the
    /// revision (for showing both sides; not in the JSON report).
    #[serde(skip)]
    pub base_location: Option<Location>,
}

impl Finding {
    pub fn new(rule: &str, level: Level, message: String) -> Self {
        Self {
            rule: rule.to_owned(),
            level,
            message,
            subject: None,
            operation: None,
            location: None,
            tenant: None,
            fixture: None,
            owner: None,
            baselined: false,
            base_location: None,
        }
    }
}

/// Counts per level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    /// Findings accepted in the baseline (not in the counts above).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub baselined: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Summary {
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Self {
        let mut s = Summary::default();
        for f in findings {
            if f.baselined {
                s.baselined += 1;
            } else {
                *s.count_mut(f.level) += 1;
            }
        }
        s
    }

    pub fn count(&self, level: Level) -> usize {
        match level {
            Level::Error => self.error,
            Level::Warning => self.warning,
            Level::Info => self.info,
        }
    }

    fn count_mut(&mut self, level: Level) -> &mut usize {
        match level {
            Level::Error => &mut self.error,
            Level::Warning => &mut self.warning,
            Level::Info => &mut self.info,
        }
    }

    pub fn total(&self) -> usize {
        self.error + self.warning + self.info
    }
}

/// The findings of one run, sorted (file, line, column, rule, message) so
/// that every rendering is deterministic, plus those below the shown level.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Findings at or above the level shown.
    pub findings: Vec<Finding>,
    /// Counts of the findings left out because they are below that level.
    pub hidden: Summary,
    /// What the command checked (contracts, fixtures, subjects), findings
    /// or not: JUnit's test cases.
    pub checked: Vec<String>,
}

/// At which level findings make a run fail (`--fail-on`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    Level(Level),
    Never,
}

/// What a run amounted to; the binary maps it to an exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above the fail-on level.
    Clean,
    /// Findings at or above the fail-on level.
    Findings,
}

impl Report {
    /// Sorts `findings`, keeping those at or above `shown` and counting the rest.
    pub fn new(mut findings: Vec<Finding>, shown: Level) -> Self {
        let hidden = Summary::of(findings.iter().filter(|f| f.level < shown));
        findings.retain(|f| f.level >= shown);
        findings.sort_by(|a, b| {
            let place = |f: &Finding| {
                f.location
                    .as_ref()
                    .map(|l| (l.file.clone(), l.line, l.column))
            };
            // Findings without a place come last.
            (
                place(a).is_none(),
                place(a),
                &a.rule,
                &a.operation,
                &a.message,
            )
                .cmp(&(
                    place(b).is_none(),
                    place(b),
                    &b.rule,
                    &b.operation,
                    &b.message,
                ))
        });
        findings.dedup();
        Self {
            findings,
            hidden,
            checked: Vec::new(),
        }
    }

    pub fn summary(&self) -> Summary {
        Summary::of(&self.findings)
    }

    /// Whether the run fails: any finding, shown or hidden, at or above
    /// `fail_on`.
    pub fn outcome(&self, fail_on: FailOn) -> Outcome {
        let FailOn::Level(threshold) = fail_on else {
            return Outcome::Clean;
        };
        let shown = self
            .findings
            .iter()
            .any(|f| !f.baselined && f.level >= threshold);
        let hidden = Level::ALL
            .into_iter()
            .any(|l| l >= threshold && self.hidden.count(l) > 0);
        if shown || hidden {
            Outcome::Findings
        } else {
            Outcome::Clean
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str, level: Level, file: Option<(&str, u32)>) -> Finding {
        let mut f = Finding::new(rule, level, format!("{rule} happened"));
        f.location = file.map(|(file, line)| Location {
            file: file.to_owned(),
            pointer: JsonPointer::root(),
            line,
            column: 1,
        });
        f
    }

    #[test]
    fn sorted_by_place_then_rule_and_filtered_by_level() {
        let report = Report::new(
            vec![
                finding("b", Level::Error, Some(("x.yaml", 9))),
                finding("a", Level::Warning, None),
                finding("c", Level::Info, Some(("a.yaml", 1))),
                finding("d", Level::Error, Some(("x.yaml", 2))),
            ],
            Level::Warning,
        );
        let rules: Vec<_> = report.findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["d", "b", "a"]);
        assert_eq!(
            report.hidden,
            Summary {
                error: 0,
                warning: 0,
                info: 1,
                baselined: 0,
            }
        );
        assert_eq!(
            report.summary(),
            Summary {
                error: 2,
                warning: 1,
                info: 0,
                baselined: 0,
            }
        );
    }

    #[test]
    fn fail_on_counts_hidden_findings_too() {
        let report = Report::new(vec![finding("w", Level::Warning, None)], Level::Error);
        assert!(report.findings.is_empty());
        assert_eq!(
            report.outcome(FailOn::Level(Level::Warning)),
            Outcome::Findings
        );
        assert_eq!(report.outcome(FailOn::Level(Level::Error)), Outcome::Clean);
        assert_eq!(report.outcome(FailOn::Never), Outcome::Clean);
        let info = Report::new(vec![finding("i", Level::Info, None)], Level::Info);
        assert_eq!(info.outcome(FailOn::Level(Level::Info)), Outcome::Findings);
        assert_eq!(info.outcome(FailOn::Level(Level::Warning)), Outcome::Clean);
    }
}
