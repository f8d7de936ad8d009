//! Rules judge what the engines found. A rule is one file: an id, a default
//! level, a doc comment that is its user documentation (`accord explain`),
//! and a check. The registry here lists every family's rules.
//!
//! Compatibility rules take a [`Change`](crate::diff::Change) and return a
//! message when the change is theirs; the framework turns that into a
//! [`Finding`] with the change's context and location.

pub mod compat;
pub mod consumer;
pub mod drift;
pub mod fixture;
pub mod levels;
pub mod lint;
pub mod overrides;
pub mod registry;
pub mod tenant;

use crate::diff::{Change, Sides};
use crate::findings::{Finding, Level, Location};
use crate::load::{Contract, NodeRef};

/// A rule's identity and documentation.
#[derive(Debug)]
pub struct RuleMeta {
    /// kebab-case; oasdiff's name where oasdiff has the same check.
    pub id: &'static str,
    pub level: Level,
    /// Markdown: `## What it does`, `## Why …`, `## Example`.
    pub doc: &'static str,
    /// `file:line` of the rule's declaration.
    pub source: &'static str,
    pub family: Family,
}

/// What a rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    /// Changes between two OpenAPI documents.
    OpenApi,
    /// Differences between two JSON Schemas.
    Schema,
    /// A new version against the registered one before it (semver).
    Registry,
    /// A tenant's overlays and field mappings.
    Tenant,
    /// Recorded exchanges against the contracts and the mock.
    Fixture,
    /// Consumers' expectations (Pact files) against the providers' contracts.
    Consumer,
    /// Live environments against the contracts and the recordings.
    Drift,
    /// Governance conventions on every contract.
    Lint,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Family::OpenApi => "openapi",
            Family::Schema => "schema",
            Family::Registry => "registry",
            Family::Tenant => "tenant",
            Family::Fixture => "fixture",
            Family::Consumer => "consumer",
            Family::Drift => "drift",
            Family::Lint => "lint",
        }
    }
}

/// A rule over inputs of type `I`. Most rules have one id; a rule that
/// reports one kind of change wherever it happens (a `maxLength` decreased
/// in a request body, a request property, a parameter…) has one id per
/// place, oasdiff's, each with its own level, all documented by the one
/// doc comment.
pub struct Rule<I: 'static> {
    /// The rule's own id, or the part its ids share (`max-length`); its
    /// file and its case folder are named after it.
    pub name: &'static str,
    /// One entry per id, sorted by id.
    pub ids: &'static [RuleMeta],
    /// The id and message of the finding for an input this rule reports.
    /// An id not in `ids` (a place oasdiff has no such rule for) reports
    /// nothing.
    pub check: fn(&I) -> Option<Hit>,
}

/// What a rule found in one input.
#[derive(Debug, PartialEq, Eq)]
pub struct Hit {
    pub id: String,
    pub message: String,
}

impl Hit {
    pub fn new(id: impl Into<String>, message: String) -> Self {
        Self {
            id: id.into(),
            message,
        }
    }
}

impl<I> Rule<I> {
    /// The metadata of one of this rule's ids.
    pub fn meta(&self, id: &str) -> Option<&'static RuleMeta> {
        self.ids.iter().find(|m| m.id == id)
    }

    /// The first id's family: every id of a rule has the same.
    pub fn family(&self) -> Family {
        self.ids.first().map_or(Family::OpenApi, |m| m.family)
    }
}

/// Declares a rule: its doc comment becomes each id's `doc`.
///
/// One id: `RULE: Rule<Change> = ("id", Level::Error, Family::OpenApi, check)`
/// with `check: fn(&Change) -> Option<String>` (the message).
///
/// Several: `RULE: Rule<Change> = ("name", Family::OpenApi, check, [("id",
/// Level::Error), …])` with `check: fn(&Change) -> Option<Hit>`. An id that
/// names who reads the place and what the change does to it
/// (`("request-body-max-set")`) is declared without a level and gets the
/// one [`levels`] derives.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $name:ident: Rule<$input:ty> = ($id:literal, $level:expr, $family:expr, $check:path)
    ) => {
        $(#[doc = $doc])*
        pub static $name: $crate::rules::Rule<$input> = $crate::rules::Rule {
            name: $id,
            ids: &[$crate::rules::RuleMeta {
                id: $id,
                level: $level,
                doc: concat!($($doc, "\n",)*),
                source: concat!(file!(), ":", line!()),
                family: $family,
            }],
            check: |input| $check(input).map(|message| $crate::rules::Hit::new($id, message)),
        };
    };
    (
        $(#[doc = $doc:literal])*
        $name:ident: Rule<$input:ty> = ($rule:literal, $family:expr, $check:path, [$(($id:literal $(, $level:expr)?)),* $(,)?])
    ) => {
        $(#[doc = $doc])*
        pub static $name: $crate::rules::Rule<$input> = {
            const DOC: &str = concat!($($doc, "\n",)*);
            $crate::rules::Rule {
                name: $rule,
                ids: &[$($crate::rules::RuleMeta {
                    id: $id,
                    level: $crate::rules::levels::given_or_derived($id, &[$($level)?]),
                    doc: DOC,
                    source: concat!(file!(), ":", line!()),
                    family: $family,
                }),*],
                check: $check,
            }
        };
    };
}
pub(crate) use declare_rule;

/// A family's table of rules (`RULES`, sorted by id) from its rule modules,
/// which the family declares beside it with `mod name;` so that `cargo
/// fmt` reaches them. A module left out of the table leaves its `RULE`
/// unused, and a name without a module does not resolve: the compiler
/// keeps the two lists together.
macro_rules! rule_table {
    ($(#[doc = $doc:literal])* $input:ty; $($name:ident),* $(,)?) => {
        $(#[doc = $doc])*
        pub static RULES: &[&$crate::rules::Rule<$input>] = &[$(&$name::RULE),*];
    };
}
pub(crate) use rule_table;

/// Every rule's metadata, sorted by id.
pub fn all() -> Vec<&'static RuleMeta> {
    index().0.clone()
}

/// Every rule sorted by id, and the position of each id.
type Index = (
    Vec<&'static RuleMeta>,
    std::collections::HashMap<&'static str, usize>,
);

/// The index, built once.
fn index() -> &'static Index {
    static INDEX: std::sync::OnceLock<Index> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut rules: Vec<&'static RuleMeta> = compat::openapi::RULES
            .iter()
            .chain(compat::schema::RULES)
            .flat_map(|r| r.ids)
            .chain(registry::RULES.iter().flat_map(|r| r.ids))
            .chain(tenant::RULES.iter().flat_map(|r| r.ids))
            .chain(fixture::RULES.iter().flat_map(|r| r.ids))
            .chain(consumer::RULES.iter().flat_map(|r| r.ids))
            .chain(drift::RULES.iter().flat_map(|r| r.ids))
            .chain(lint::RULES.iter().flat_map(|r| r.ids))
            .collect();
        rules.sort_by_key(|r| r.id);
        let by_id = rules.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        (rules, by_id)
    })
}

/// The rule with this id (one lookup: the index is built once).
pub fn find(id: &str) -> Option<&'static RuleMeta> {
    let (rules, by_id) = index();
    by_id.get(id).and_then(|&i| rules.get(i)).copied()
}

/// The rule's documentation without the leading space of each doc line.
pub fn documentation(meta: &RuleMeta) -> String {
    meta.doc
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

/// The first sentence of a rule's "What it does".
pub fn summary(meta: &RuleMeta) -> String {
    let doc = documentation(meta);
    let body = doc.split("## What it does").nth(1).unwrap_or(&doc);
    let body = body.split("\n## ").next().unwrap_or(body);
    let text = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.find(". ") {
        Some(i) => text[..=i].to_owned(),
        None => text,
    }
}

/// The finding of the first of `rules` that reports `input`, without a
/// place (the caller knows where).
pub fn judge_one<I>(rules: &[&Rule<I>], input: &I) -> Option<Finding> {
    rules.iter().find_map(|rule| {
        let hit = (rule.check)(input)?;
        let meta = rule.meta(&hit.id)?;
        Some(Finding::new(meta.id, meta.level, hit.message))
    })
}

/// Judges changes with `rules`, producing findings placed in the contracts.
pub fn judge(rules: &[&Rule<Change>], changes: &[Change], sides: Sides<'_>) -> Vec<Finding> {
    judge_each(rules, changes, sides)
        .into_iter()
        .map(|(_, finding)| finding)
        .collect()
}

/// [`judge`], each finding with the index of its change.
pub(crate) fn judge_each(
    rules: &[&Rule<Change>],
    changes: &[Change],
    sides: Sides<'_>,
) -> Vec<(usize, Finding)> {
    let mut findings = Vec::new();
    for (index, change) in changes.iter().enumerate() {
        for rule in rules {
            let Some(hit) = (rule.check)(change) else {
                continue;
            };
            let Some(meta) = rule.meta(&hit.id) else {
                continue;
            };
            // What the compatibility mode allows is listed, not failed.
            let level = if change.allowed {
                Level::Info
            } else {
                meta.level
            };
            let mut finding = Finding::new(meta.id, level, hit.message);
            finding.operation = change.operation.as_ref().map(ToString::to_string);
            finding.target = change.target();
            // A removal points into the base; anything else into the revision.
            finding.location = match (&change.revision, &change.base) {
                (Some(node), _) => Some(location(sides.revision, node)),
                (None, Some(node)) => Some(location(sides.base, node)),
                (None, None) => None,
            };
            // Where it was in the base too (for the report that shows both
            // sides); a removal's one place is in the base.
            finding.base_location = change.base.as_ref().map(|node| location(sides.base, node));
            match &change.kind {
                crate::diff::ChangeKind::Keyword(k) => {
                    finding.place_path = Some(k.place.path.clone());
                }
                // Deeply nested witnesses stay in the message only: JSON
                // readers commonly stop at 128 levels.
                crate::diff::ChangeKind::Schema(c) if depth(&c.witness) <= MAX_WITNESS_DEPTH => {
                    finding.witness = Some(c.witness.clone());
                }
                _ => {}
            }
            finding.change = Some(change_id(&finding, change));
            findings.push((index, finding));
        }
    }
    findings
}

/// How deep a witness may be to be reported whole.
const MAX_WITNESS_DEPTH: usize = 64;

/// The nesting depth of a value (a scalar is 0), counted up to a cap.
fn depth(value: &serde_json::Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 0usize)];
    while let Some((v, d)) = stack.pop() {
        deepest = deepest.max(d);
        if deepest > MAX_WITNESS_DEPTH {
            break;
        }
        match v {
            serde_json::Value::Array(items) => stack.extend(items.iter().map(|x| (x, d + 1))),
            serde_json::Value::Object(map) => stack.extend(map.values().map(|x| (x, d + 1))),
            _ => {}
        }
    }
    deepest
}

/// The id of the change a finding is one place of: its rule, where it is
/// in both documents and what changed there, without the place (operation,
/// status, path) it was reached from. Stable from run to run (FNV-1a).
fn change_id(finding: &Finding, change: &Change) -> String {
    let mut bytes = Vec::new();
    let mut add = |text: &str| {
        bytes.extend_from_slice(text.as_bytes());
        bytes.push(0);
    };
    add(&finding.rule);
    for l in [&finding.location, &finding.base_location] {
        match l {
            Some(l) => {
                add(&l.file);
                add(l.pointer.as_str());
            }
            None => add("-"),
        }
    }
    match &change.kind {
        crate::diff::ChangeKind::Keyword(k) => add(&format!("{:?}", k.delta)),
        other => add(&format!("{other:?}")),
    }
    format!("{:016x}", crate::shard::fnv1a(&bytes))
}

/// The file, pointer and position of a node.
pub fn location(contract: &Contract, node: &NodeRef) -> Location {
    let position = contract.position(node);
    Location {
        file: contract.document(node.doc).display_path(),
        pointer: node.pointer.clone(),
        line: position.line,
        column: position.column,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NameAndIds<'a> {
        name: &'a str,
        ids: &'a [RuleMeta],
    }

    #[test]
    fn ids_are_unique_kebab_case_and_match_their_files() {
        let metas = all();
        let mut ids: Vec<_> = metas.iter().map(|r| r.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), metas.len(), "duplicate rule ids");
        let kebab = |id: &str| {
            id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        let every: Vec<(&str, &[RuleMeta])> = compat::openapi::RULES
            .iter()
            .chain(compat::schema::RULES)
            .map(|r| (r.name, r.ids))
            .chain(registry::RULES.iter().map(|r| (r.name, r.ids)))
            .chain(tenant::RULES.iter().map(|r| (r.name, r.ids)))
            .chain(fixture::RULES.iter().map(|r| (r.name, r.ids)))
            .chain(consumer::RULES.iter().map(|r| (r.name, r.ids)))
            .chain(drift::RULES.iter().map(|r| (r.name, r.ids)))
            .chain(lint::RULES.iter().map(|r| (r.name, r.ids)))
            .collect();
        for (name, ids) in every {
            let rule = NameAndIds { name, ids };
            assert!(kebab(rule.name), "{} is not kebab-case", rule.name);
            let mut sorted: Vec<_> = rule.ids.iter().map(|m| m.id).collect();
            sorted.sort_unstable();
            assert_eq!(
                sorted,
                rule.ids.iter().map(|m| m.id).collect::<Vec<_>>(),
                "{}: ids not sorted",
                rule.name
            );
            for meta in rule.ids {
                assert!(kebab(meta.id), "{} is not kebab-case", meta.id);
                let file = meta.source.rsplit_once(':').map_or(meta.source, |(f, _)| f);
                let stem = std::path::Path::new(file)
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default();
                assert_eq!(
                    stem,
                    rule.name.replace('-', "_"),
                    "{} is declared in {file}",
                    rule.name
                );
                // A rule with several ids names what they share.
                assert!(
                    meta.id == rule.name || meta.id.contains(rule.name),
                    "{} does not contain its rule's name {}",
                    meta.id,
                    rule.name
                );
            }
        }
    }

    #[test]
    fn every_rule_documents_what_why_and_an_example() {
        for rule in all() {
            let doc = documentation(rule);
            for section in ["## What it does", "## Example"] {
                assert!(doc.contains(section), "{} lacks `{section}`", rule.id);
            }
            assert!(
                doc.contains("## Why is it breaking?") || doc.contains("## Why it matters"),
                "{} lacks `## Why is it breaking?` or `## Why it matters`",
                rule.id
            );
        }
    }
}
