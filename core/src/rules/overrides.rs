//! Team settings over the rules' defaults, in oasdiff's file formats so that
//! a team moving from oasdiff keeps its files:
//!
//! - a severity-levels file (`--severity-levels`): one `RULE-ID LEVEL` per
//!   line, the level `error`, `warning`, `info` or `none` (drops the rule;
//!   oasdiff's `ERR`/`WARN`/`INFO` spellings and a `:` after the id are
//!   read too);
//! - ignore files (`--err-ignore`, `--warn-ignore`): one accepted change
//!   per line, `METHOD /path` and the change's description. A line
//!   ignores a finding at that level (after severity overrides) when it
//!   names the finding's operation (any case) and describes it: with the
//!   rule id, with accord's message, or with oasdiff's message for that
//!   rule (its English template). Findings outside operations (security
//!   schemes, webhooks) are matched by the description alone.
//!
//! Blank lines and lines starting with `#` are comments in all three.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::findings::{Finding, Level};
use crate::rules::compat::openapi::oasdiff;

/// A settings file that cannot be used: which file, which line, why.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}: {message}", file.display())]
pub struct OverrideError {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

/// Severity overrides and ignore lists.
#[derive(Debug, Default)]
pub struct Overrides {
    /// Rule id → its level here; `None` drops the rule.
    levels: HashMap<String, Option<Level>>,
    error_ignores: Vec<String>,
    warning_ignores: Vec<String>,
}

fn read(file: &Path) -> Result<String, OverrideError> {
    std::fs::read_to_string(file).map_err(|e| OverrideError {
        file: file.to_owned(),
        line: 0,
        message: format!("cannot read it: {e}"),
    })
}

/// The meaningful lines of a settings file, numbered from 1.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

impl Overrides {
    /// Reads a severity-levels file; `known` tells whether a rule id exists.
    pub fn read_levels(
        &mut self,
        file: &Path,
        known: impl Fn(&str) -> bool,
    ) -> Result<(), OverrideError> {
        let text = read(file)?;
        for (line, content) in lines(&text) {
            let error = |message: String| OverrideError {
                file: file.to_owned(),
                line,
                message,
            };
            let mut words = content.split_whitespace();
            let (Some(id), Some(level), None) = (words.next(), words.next(), words.next()) else {
                return Err(error(format!(
                    "expected `RULE-ID LEVEL`, found `{content}`"
                )));
            };
            let id = id.trim_end_matches(':');
            if !known(id) {
                return Err(error(format!(
                    "unknown rule `{id}` (`accord rules` lists them)"
                )));
            }
            let level = match level.to_ascii_lowercase().as_str() {
                "error" | "err" => Some(Level::Error),
                "warning" | "warn" => Some(Level::Warning),
                "info" => Some(Level::Info),
                "none" => None,
                other => {
                    return Err(error(format!(
                        "unknown level `{other}`: use error, warning, info or none"
                    )));
                }
            };
            self.levels.insert(id.to_owned(), level);
        }
        Ok(())
    }

    /// Reads an ignore file for findings at `level` (error or warning).
    pub fn read_ignores(&mut self, file: &Path, level: Level) -> Result<(), OverrideError> {
        let text = read(file)?;
        let lines: Vec<String> = lines(&text).map(|(_, l)| l.to_lowercase()).collect();
        match level {
            Level::Error => self.error_ignores.extend(lines),
            Level::Warning => self.warning_ignores.extend(lines),
            Level::Info => {}
        }
        Ok(())
    }

    /// The findings with levels overridden, and those dropped or ignored
    /// left out.
    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter_map(|mut finding| {
                if let Some(level) = self.levels.get(&finding.rule) {
                    finding.level = (*level)?;
                }
                let ignores = match finding.level {
                    Level::Error => &self.error_ignores,
                    Level::Warning => &self.warning_ignores,
                    Level::Info => return Some(finding),
                };
                (!ignores.iter().any(|line| ignores_finding(line, &finding))).then_some(finding)
            })
            .collect()
    }
}

/// Whether an ignore line (lower-cased) accepts `finding`.
fn ignores_finding(line: &str, finding: &Finding) -> bool {
    let described = |text: &str| {
        text.contains(&finding.rule)
            || text.contains(&finding.message.to_lowercase())
            || oasdiff::says(&finding.rule, text)
    };
    match &finding.operation {
        Some(operation) => {
            let operation = operation.to_lowercase();
            match line.find(&operation) {
                Some(at) => {
                    let rest = line.get(at + operation.len()..).unwrap_or_default();
                    described(rest)
                }
                None => false,
            }
        }
        None => described(line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str, level: Level, operation: Option<&str>, message: &str) -> Finding {
        let mut f = Finding::new(rule, level, message.to_owned());
        f.operation = operation.map(str::to_owned);
        f
    }

    fn file(text: &str) -> tempfile::NamedTempFile {
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), text).unwrap();
        f
    }

    #[test]
    fn severity_levels_in_oasdiffs_spellings() {
        let levels = file(
            "# ours\nresponse-property-enum-value-added info\nrequest-property-removed: ERR\napi-tag-added none\n",
        );
        let mut o = Overrides::default();
        o.read_levels(levels.path(), |_| true).unwrap();
        let out = o.apply(vec![
            finding(
                "response-property-enum-value-added",
                Level::Warning,
                None,
                "x",
            ),
            finding("request-property-removed", Level::Warning, None, "y"),
            finding("api-tag-added", Level::Info, None, "z"),
        ]);
        let got: Vec<(&str, Level)> = out.iter().map(|f| (f.rule.as_str(), f.level)).collect();
        assert_eq!(
            got,
            [
                ("response-property-enum-value-added", Level::Info),
                ("request-property-removed", Level::Error)
            ]
        );
    }

    #[test]
    fn a_bad_line_is_named_with_its_file_and_number() {
        let levels = file("a-rule error\n\nnot-a-rule error\n");
        let mut o = Overrides::default();
        let e = o
            .read_levels(levels.path(), |id| id == "a-rule")
            .unwrap_err();
        assert_eq!(e.line, 3);
        assert!(
            e.to_string().contains(":3: unknown rule `not-a-rule`"),
            "{e}"
        );
        let levels = file("a-rule fatal\n");
        let e = o.read_levels(levels.path(), |_| true).unwrap_err();
        assert!(e.to_string().contains(":1: unknown level `fatal`"), "{e}");
    }

    #[test]
    fn ignore_lines_match_by_operation_and_description() {
        let ignores = file(
            "GET /pets request-property-removed\n\
             post /pets removed the request property 'name'\n\
             GET /owners `200` response property `id` was removed\n",
        );
        let mut o = Overrides::default();
        o.read_ignores(ignores.path(), Level::Warning).unwrap();
        let out = o.apply(vec![
            // By rule id.
            finding(
                "request-property-removed",
                Level::Warning,
                Some("GET /pets"),
                "request property `a` was removed",
            ),
            // By oasdiff's message for the rule.
            finding(
                "request-property-removed",
                Level::Warning,
                Some("POST /pets"),
                "request property `name` was removed",
            ),
            // Another operation: kept.
            finding(
                "request-property-removed",
                Level::Warning,
                Some("PUT /pets"),
                "request property `a` was removed",
            ),
            // By accord's message.
            finding(
                "response-optional-property-removed",
                Level::Warning,
                Some("GET /owners"),
                "`200` response property `id` was removed",
            ),
            // An error is not a warning's to ignore.
            finding(
                "request-property-removed",
                Level::Error,
                Some("GET /pets"),
                "request property `a` was removed",
            ),
        ]);
        let kept: Vec<(&str, Level)> = out
            .iter()
            .map(|f| (f.operation.as_deref().unwrap_or_default(), f.level))
            .collect();
        assert_eq!(
            kept,
            [("PUT /pets", Level::Warning), ("GET /pets", Level::Error)]
        );
    }
}
