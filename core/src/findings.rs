//! Findings: the one currency of every check, and the report that holds them.
//! Engines produce findings; formatters in `report/` render a [`Report`] and
//! know nothing of engines.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::pointer::JsonPointer;
use crate::model::target::Target;

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

impl Location {
    /// Where `pointer` is in `document` (its nearest existing ancestor's
    /// line when it names nothing), as reports name the file.
    pub fn at(document: &crate::load::Document, pointer: JsonPointer) -> Self {
        let at = document.position(&pointer);
        Self {
            file: document.display_path(),
            pointer,
            line: at.line,
            column: at.column,
        }
    }
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
    /// The change this finding is one place of: findings of one change of
    /// a shared schema (reached from many operations) have the same id.
    /// Without one, a finding is a change of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// An instance that shows the change (JSON Schema compatibility): one
    /// side accepts it, the other rejects it. Messages shorten it; this is
    /// it whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub witness: Option<serde_json::Value>,
    /// The place's path inside its schema as the message names it
    /// (`data[].owner.email`), for showing the change once.
    #[serde(skip)]
    pub place_path: Option<String>,
    /// What the change is about, as a client meets it (compatibility
    /// findings of an API): what the usage index is asked about.
    #[serde(skip)]
    pub target: Option<Target>,
    /// Who uses what changed, each with the evidence (`None`: not known,
    /// no usage was consulted; empty: no known consumer uses it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affects: Option<Vec<Affected>>,
    /// Why the finding's level is lower than its rule's (a breaking change
    /// no known consumer uses, under the `gate` setting `unused_breaking`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub let_through: Option<String>,
}

/// Who uses what a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Affected {
    pub kind: UserKind,
    /// The tenant's or consumer's name; for fixtures of no tenant, their
    /// system's.
    pub name: String,
    /// How many uses show it (fixtures, mapping fields, interactions).
    pub uses: usize,
    /// The first few of them.
    pub evidence: Vec<Evidence>,
}

impl Affected {
    /// `tenant acme`, `consumer billing-portal`, `crm fixtures of no tenant`.
    pub fn label(&self) -> String {
        match self.kind {
            UserKind::Tenant => format!("tenant {}", self.name),
            UserKind::Consumer => format!("consumer {}", self.name),
            UserKind::System => format!("{} fixtures of no tenant", self.name),
        }
    }
}

/// What kind of user a use is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UserKind {
    Tenant,
    Consumer,
    /// Fixtures that name no tenant.
    System,
}

/// Where a use shows.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// `fixture`, `mapping`, `pact` or `declared`.
    pub via: String,
    /// The fixture's id, the mapping's object, the interaction's
    /// description.
    pub name: String,
    pub file: String,
    pub line: u32,
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} ({}:{})",
            self.via, self.name, self.file, self.line
        )
    }
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
            change: None,
            witness: None,
            place_path: None,
            target: None,
            affects: None,
            let_through: None,
        }
    }

    /// Where a change was made, as users name it: `schema `Refund``,
    /// `parameter `limit``, for a change of `components`; `None` elsewhere.
    pub fn component(&self) -> Option<String> {
        let l = self.location.as_ref()?;
        let mut tokens = l.pointer.tokens();
        if tokens.next()?.as_ref() != "components" {
            return None;
        }
        let kind = match tokens.next()?.as_ref() {
            "schemas" => "schema",
            "parameters" => "parameter",
            "responses" => "response",
            "requestBodies" => "request body",
            "headers" => "header",
            "pathItems" => "path item",
            _ => return None,
        };
        Some(format!("{kind} `{}`", tokens.next()?))
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
    /// The same counts by change: a change of a shared schema that reaches
    /// many places counts once, at the highest level of its places.
    #[serde(default)]
    pub changes: Counts,
}

/// Counts per level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Counts {
    pub fn count(&self, level: Level) -> usize {
        match level {
            Level::Error => self.error,
            Level::Warning => self.warning,
            Level::Info => self.info,
        }
    }

    pub fn total(&self) -> usize {
        self.error + self.warning + self.info
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Summary {
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Self {
        let mut s = Summary::default();
        let mut changes: std::collections::HashMap<&str, Level> = std::collections::HashMap::new();
        for f in findings {
            if f.baselined {
                s.baselined += 1;
                continue;
            }
            *s.count_mut(f.level) += 1;
            match &f.change {
                Some(id) => {
                    let level = changes.entry(id).or_insert(f.level);
                    *level = (*level).max(f.level);
                }
                None => match f.level {
                    Level::Error => s.changes.error += 1,
                    Level::Warning => s.changes.warning += 1,
                    Level::Info => s.changes.info += 1,
                },
            }
        }
        for level in changes.into_values() {
            match level {
                Level::Error => s.changes.error += 1,
                Level::Warning => s.changes.warning += 1,
                Level::Info => s.changes.info += 1,
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

    /// The counts of changes in a line: `0 errors, 7 warnings, 6 info
    /// (2002 findings)`, the findings said where there are more of them.
    pub fn changes_line(&self) -> String {
        let counted =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let c = self.changes;
        let mut line = format!(
            "{}, {}, {} info",
            counted(c.error, "error", "errors"),
            counted(c.warning, "warning", "warnings"),
            c.info
        );
        if self.total() > c.total() {
            line.push_str(&format!(" ({} findings)", self.total()));
        }
        line
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
    /// The two sides compared, as users name them (`main:api.yaml`,
    /// `api.yaml`), where there are two.
    pub compared: Option<(String, String)>,
    /// How each of the two sides was read (`OpenAPI 3.1.0`, `JSON Schema
    /// draft-07`), and whether its dialect was assumed (no `$schema`).
    pub read_as: Option<[ReadAs; 2]>,
}

/// How one side of a comparison was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReadAs {
    pub kind: String,
    /// A JSON Schema without `$schema`: read in the dialect `--dialect`,
    /// `accord.yaml` or the default (2020-12) gave.
    pub dialect_assumed: bool,
}

impl ReadAs {
    pub fn of(contract: &crate::load::Contract) -> Self {
        Self {
            kind: contract.kind.describe(),
            dialect_assumed: contract.dialect_assumed(),
        }
    }
}

/// One change as reports show it once: its most severe place leads.
#[derive(Clone, Debug)]
pub struct Shown<'r> {
    pub lead: &'r Finding,
    /// The highest level of its places.
    pub level: Level,
    /// Every place, in report order (the lead among them).
    pub places: Vec<&'r Finding>,
}

impl Shown<'_> {
    /// The operations its places are in, each once, in order.
    pub fn operations(&self) -> Vec<&str> {
        let mut ops: Vec<&str> = Vec::new();
        for f in &self.places {
            if let Some(op) = f.operation.as_deref()
                && !ops.contains(&op)
            {
                ops.push(op);
            }
        }
        ops
    }

    /// The lead's message; for a change of several places, with the place's
    /// path shortened to the property it ends at (`data[].owner.email` →
    /// `email`): the path differs from place to place.
    pub fn message(&self) -> String {
        let message = &self.lead.message;
        if self.places.len() < 2 {
            return message.clone();
        }
        let Some(path) = self.lead.place_path.as_deref() else {
            return message.clone();
        };
        let last = last_property(path);
        if last == path || last.is_empty() {
            return message.clone();
        }
        message.replacen(&format!("`{path}`"), &format!("`{last}`"), 1)
    }

    /// What a change of several places reaches, `limit` operations named:
    /// "reaches 664 places in 332 operations: `GET /a`, `GET /b` … and 330
    /// more". `None` for a change of one place.
    pub fn reach(&self, limit: usize) -> Option<String> {
        if self.places.len() < 2 {
            return None;
        }
        let ops = self.operations();
        let mut text = format!("reaches {} places", self.places.len());
        if ops.len() > 1 {
            text.push_str(&format!(" in {} operations", ops.len()));
        }
        if !ops.is_empty() {
            let named: Vec<String> = ops.iter().take(limit).map(|o| format!("`{o}`")).collect();
            text.push_str(&format!(": {}", named.join(", ")));
            if ops.len() > limit {
                text.push_str(&format!(" … and {} more", ops.len() - limit));
            }
        }
        Some(text)
    }
}

/// The last property of a place's path: `a.b[].c` → `c`,
/// `oneOf[Dog].name` → `name`, `items[]` → `items`.
fn last_property(path: &str) -> &str {
    let trimmed = path.trim_end_matches("[]");
    let start = trimmed.rfind(['.', ']']).map_or(0, |i| i + 1);
    trimmed.get(start..).unwrap_or(trimmed)
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
            compared: None,
            read_as: None,
        }
    }

    pub fn summary(&self) -> Summary {
        Summary::of(&self.findings)
    }

    /// The findings as changes: the places of one change (findings with
    /// the same `change` id, all baselined or all not) together, in the
    /// order of their first place; each change at the highest level of its
    /// places.
    pub fn changes(&self) -> Vec<Shown<'_>> {
        let mut out: Vec<Shown<'_>> = Vec::new();
        let mut index: std::collections::HashMap<(&str, bool), usize> =
            std::collections::HashMap::new();
        for f in &self.findings {
            let key = f.change.as_deref().map(|id| (id, f.baselined));
            match key.and_then(|k| index.get(&k)) {
                Some(&i) => {
                    if let Some(shown) = out.get_mut(i) {
                        shown.places.push(f);
                        if f.level > shown.level {
                            shown.level = f.level;
                            shown.lead = f;
                        }
                    }
                }
                None => {
                    if let Some(k) = key {
                        index.insert(k, out.len());
                    }
                    out.push(Shown {
                        lead: f,
                        level: f.level,
                        places: vec![f],
                    });
                }
            }
        }
        out
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
                changes: Counts {
                    error: 0,
                    warning: 0,
                    info: 1
                },
            }
        );
        assert_eq!(
            report.summary(),
            Summary {
                error: 2,
                warning: 1,
                info: 0,
                baselined: 0,
                changes: Counts {
                    error: 2,
                    warning: 1,
                    info: 0
                },
            }
        );
    }

    #[test]
    fn places_of_one_change_are_shown_once_at_their_highest_level() {
        let place = |op: &str, level: Level, path: &str| {
            let mut f = finding("response-property-removed", level, Some(("api.yaml", 40)));
            f.operation = Some(op.to_owned());
            f.change = Some("c1".to_owned());
            f.place_path = Some(path.to_owned());
            f.message = format!("property `{path}` was removed");
            f
        };
        let mut other = finding(
            "api-removed-without-deprecation",
            Level::Error,
            Some(("api.yaml", 9)),
        );
        other.operation = Some("DELETE /a".to_owned());
        let report = Report::new(
            vec![
                place("GET /a", Level::Info, "data[].owner.email"),
                place("GET /b", Level::Warning, "owner.email"),
                place("GET /c", Level::Warning, "items[].owner.email"),
                place("GET /a", Level::Warning, "owner.email"),
                other,
            ],
            Level::Info,
        );
        let changes = report.changes();
        assert_eq!(changes.len(), 2);
        let shared = changes.iter().find(|c| c.places.len() > 1).unwrap();
        assert_eq!(shared.level, Level::Warning);
        assert_eq!(shared.places.len(), 4);
        assert_eq!(shared.operations(), ["GET /a", "GET /b", "GET /c"]);
        assert_eq!(shared.message(), "property `email` was removed");
        assert_eq!(
            shared.reach(2).unwrap(),
            "reaches 4 places in 3 operations: `GET /a`, `GET /b` … and 1 more"
        );
        let summary = report.summary();
        assert_eq!((summary.warning, summary.info, summary.error), (3, 1, 1));
        assert_eq!(
            summary.changes,
            Counts {
                error: 1,
                warning: 1,
                info: 0
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
