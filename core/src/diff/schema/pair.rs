//! What comparing one pair of schema nodes gives: its local changes and
//! the child pairs to descend into, and how a child is reached.

use serde_json::Value;

use crate::load::NodeRef;
use crate::model::target::{FieldPath, Step};

use super::Delta;

/// A change of the pair itself, or of one of its properties.
#[derive(Debug)]
pub(super) struct Local {
    /// The property concerned, for property-level facts.
    pub(super) property: Option<PropertyFacts>,
    pub(super) delta: Delta,
    pub(super) base: Option<NodeRef>,
    pub(super) revision: Option<NodeRef>,
}

#[derive(Debug, Clone)]
pub(super) struct PropertyFacts {
    pub(super) name: String,
    pub(super) required: bool,
    pub(super) read_only: bool,
    pub(super) write_only: bool,
}

/// How a child node is reached from its parent. Names are borrowed from
/// the documents: a walk over thousands of properties allocates none.
#[derive(Debug, Clone)]
pub(super) enum Segment<'c> {
    Property(&'c str),
    Items,
    AdditionalProperties,
    Keyword(&'static str),
    Member(&'static str, String),
    Keyed(&'static str, &'c str),
}

#[derive(Debug)]
pub(super) struct Child<'c> {
    pub(super) segment: Segment<'c>,
    /// The nodes, until they move into the child's pair (the root node
    /// after).
    pub(super) base: NodeRef,
    pub(super) revision: NodeRef,
    pub(super) base_value: &'c Value,
    pub(super) revision_value: &'c Value,
    /// For properties: whether the revision requires it.
    pub(super) required: Option<bool>,
    pub(super) all_of_member: bool,
    /// For properties: [`NEVER_SENT`]/[`NEVER_RECEIVED`] as declared (a
    /// `$ref`'s siblings included).
    pub(super) flags: u8,
}

#[derive(Debug, Default)]
pub(super) struct PairDiff<'c> {
    pub(super) local: Vec<Local>,
    pub(super) children: Vec<Child<'c>>,
    /// The revision's `readOnly` and `writeOnly`.
    pub(super) read_only: bool,
    pub(super) write_only: bool,
    pub(super) base_read_only: bool,
}

impl PairDiff<'_> {
    /// The [`NEVER_SENT`]/[`NEVER_RECEIVED`] flags of the pair itself.
    pub(super) fn flags(&self) -> u8 {
        let mut flags = 0;
        if self.base_read_only {
            flags |= NEVER_SENT;
        }
        if self.write_only {
            flags |= NEVER_RECEIVED;
        }
        flags
    }
}

/// Inside a property read-only in the base.
pub(super) const NEVER_SENT: u8 = 1;
/// Inside a property write-only in the revision.
pub(super) const NEVER_RECEIVED: u8 = 2;

pub(super) fn join(path: &str, segment: &Segment<'_>) -> String {
    let mut joined = path.to_owned();
    push_segment(&mut joined, segment);
    joined
}

/// Appends a segment to a path in place (`a.b`, `a[]`, `a.allOf[1]`).
pub(super) fn push_segment(path: &mut String, segment: &Segment<'_>) {
    let sep = |path: &mut String| {
        if !path.is_empty() {
            path.push('.');
        }
    };
    match segment {
        Segment::Property(name) => {
            sep(path);
            path.push_str(name);
        }
        Segment::Items => path.push_str("[]"),
        Segment::AdditionalProperties => {
            sep(path);
            path.push_str("additionalProperties");
        }
        Segment::Keyword(keyword) => {
            sep(path);
            path.push_str(keyword);
        }
        Segment::Member(keyword, label) => {
            sep(path);
            path.push_str(keyword);
            path.push('[');
            path.push_str(label);
            path.push(']');
        }
        Segment::Keyed(keyword, key) => {
            sep(path);
            path.push_str(keyword);
            path.push('[');
            path.push_str(key);
            path.push(']');
        }
    }
}

/// The path of data a place's path stands for (the inverse of
/// [`push_segment`], keywords read for what they mean of the instance):
/// `oneOf[Dog].name` → `name`, `lines[].sku` → `lines[].sku`, a map's
/// `additionalProperties` → any name, `contains` → every element,
/// `propertyNames` → the object itself. Names that contain `.` or `[` are
/// read as such paths: a change may then be taken to reach more fields
/// than it does, never fewer of those on its path.
pub(crate) fn field_path(path: &str) -> FieldPath {
    let mut steps = Vec::new();
    for token in tokens(path) {
        let (head, arrays) = split_arrays(token);
        let (keyword, key) = match head.split_once('[') {
            Some((k, rest)) if rest.ends_with(']') => (k, true),
            _ => (head, false),
        };
        match (keyword, key) {
            ("oneOf" | "anyOf" | "allOf" | "dependentSchemas", true)
            | ("not" | "if" | "then" | "else", false) => {}
            ("prefixItems", true) | ("contains" | "unevaluatedItems", false) => {
                steps.push(Step::Items);
            }
            ("patternProperties", true)
            | ("additionalProperties" | "unevaluatedProperties", false) => {
                steps.push(Step::AnyName);
            }
            ("propertyNames", false) => break,
            _ => steps.push(Step::Name(head.to_owned())),
        }
        steps.extend(std::iter::repeat_n(Step::Items, arrays));
    }
    FieldPath(steps)
}

/// A place's path cut at the dots outside brackets.
fn tokens(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in path.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                out.push(path.get(start..i).unwrap_or_default());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(path.get(start..).unwrap_or_default());
    out.retain(|t| !t.is_empty());
    out
}

/// A token without its trailing `[]`s, and how many there were.
fn split_arrays(token: &str) -> (&str, usize) {
    let mut head = token;
    let mut arrays = 0;
    while let Some(rest) = head.strip_suffix("[]") {
        head = rest;
        arrays += 1;
    }
    (head, arrays)
}
