//! Every difference between two schemas under one check, each with the
//! keyword that makes it and an instance that shows it.
//!
//! The subset checker stops at the first instance one side accepts and the
//! other rejects. To list every difference, the keyword that rejected it is
//! relaxed (dropped from the stricter schema, for this comparison only) and
//! the check runs again, until the schemas agree or a limit is reached.
//! Each difference is thus found by the same engine that decides the
//! verdict, and the two never disagree.

use serde_json::Value;

use super::subset::{Checker, Hint, Verdict};
use super::validate::{Failure, explain};
use super::{Keywords, SchemaRef, Schemas, Side};

/// Which inclusion is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Check {
    /// The revision accepts everything the base accepted (new readers,
    /// old data): narrowing breaks.
    Backward,
    /// The base accepts everything the revision accepts (old readers, new
    /// data): widening breaks.
    Forward,
}

impl Check {
    /// The side whose instances must fit, and the side that must accept them.
    pub fn sides(self) -> (Side, Side) {
        match self {
            Check::Backward => (Side::Base, Side::Revision),
            Check::Forward => (Side::Revision, Side::Base),
        }
    }
}

/// One difference: `witness` is accepted by one side and rejected by the
/// other because of `failure`.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub check: Check,
    /// Where the stricter side rejects the witness.
    pub failure: Failure,
    /// The matching node on the side that accepts it, where one is found.
    pub accepting: Option<SchemaRef>,
    pub witness: Value,
    pub hints: Vec<(Vec<String>, Hint)>,
    /// The stricter side declares the member at the end of the failure's
    /// path, which the other side leaves open to any value.
    pub open_model: bool,
}

/// What one check found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Findings {
    pub differences: Vec<Difference>,
    /// Set when the check could not decide (after the differences found).
    pub undecided: Option<String>,
}

impl Findings {
    pub fn compatible(&self) -> bool {
        self.differences.is_empty()
    }
}

/// Most differences reported per check.
const MAX_DIFFERENCES: usize = 200;

/// Every difference under `check` between the roots of the two sides.
pub fn differences(schemas: &Schemas<'_>, check: Check) -> Findings {
    let (from, to) = check.sides();
    between(schemas, check, &schemas.root(from), &schemas.root(to))
}

/// Every difference under `check` between two schema nodes.
pub fn between(
    schemas: &Schemas<'_>,
    check: Check,
    accepting: &SchemaRef,
    rejecting: &SchemaRef,
) -> Findings {
    let mut out = Findings::default();
    // One budget for every difference of this check.
    let until = schemas.work().saturating_add(super::subset::MAX_WORK);
    // One checker for every difference: what it proved about pairs a
    // relaxation cannot reach stays proved.
    let mut checker = Checker::until(schemas, until);
    for _ in 0..MAX_DIFFERENCES {
        let verdict = checker.subset(
            std::slice::from_ref(accepting),
            std::slice::from_ref(rejecting),
        );
        match verdict {
            Verdict::Yes => break,
            Verdict::Unknown(why) => {
                out.undecided = Some(why);
                break;
            }
            Verdict::No(reason) => {
                let witness = reason.witness.value();
                let Some(failure) = explain(schemas, rejecting, &witness) else {
                    out.undecided = Some(
                        "an instance shows a difference, but not which keyword makes it".to_owned(),
                    );
                    break;
                };
                // A member the stricter side declares where the other leaves
                // it open is one difference, however many keywords its
                // declaration has: report it once and drop the declaration.
                let (failure, open_model) =
                    match open_member(schemas, accepting, rejecting, &failure.instance_path) {
                        Some((parent, depth)) => {
                            let name = failure
                                .instance_path
                                .get(depth)
                                .cloned()
                                .unwrap_or_default();
                            let path = failure
                                .instance_path
                                .get(..=depth)
                                .map(<[String]>::to_vec)
                                .unwrap_or_default();
                            (
                                Failure {
                                    at: parent,
                                    keyword: "properties",
                                    member: Some(name),
                                    instance_path: path,
                                },
                                true,
                            )
                        }
                        None => (failure, false),
                    };
                let located = locate(schemas, accepting, &failure.instance_path);
                let relaxed = schemas.relax(&failure);
                if let Some(stale) = &relaxed {
                    checker.forget(stale);
                }
                out.differences.push(Difference {
                    check,
                    failure,
                    accepting: located,
                    witness,
                    hints: reason.hints.clone(),
                    open_model,
                });
                if relaxed.is_none() {
                    break;
                }
                if out.differences.len() == MAX_DIFFERENCES {
                    out.undecided = Some(format!(
                        "stopped after {MAX_DIFFERENCES} differences; there may be more"
                    ));
                }
            }
        }
    }
    schemas.restore();
    out
}

/// The node of a schema that applies at an instance path (following
/// `properties`, `patternProperties`, `additionalProperties`, `items` and
/// the members of `allOf` and `$ref`).
pub fn locate(schemas: &Schemas<'_>, root: &SchemaRef, path: &[String]) -> Option<SchemaRef> {
    let mut node = schemas
        .keywords(root)
        .at
        .clone()
        .unwrap_or_else(|| root.clone());
    for segment in path {
        node = step(schemas, &node, segment, 0)?;
    }
    Some(node)
}

fn step(schemas: &Schemas<'_>, node: &SchemaRef, segment: &str, depth: usize) -> Option<SchemaRef> {
    if depth > 16 {
        return None;
    }
    let k = schemas.keywords(node);
    let direct = direct_child(schemas, &k, segment);
    if direct.is_some() {
        return direct;
    }
    k.all_of
        .iter()
        .chain(k.reference.iter())
        .chain(k.any_of.iter())
        .chain(k.one_of.iter())
        .find_map(|sub| step(schemas, sub, segment, depth + 1))
}

fn direct_child(schemas: &Schemas<'_>, k: &Keywords, segment: &str) -> Option<SchemaRef> {
    if let Some(s) = k.properties.get(segment) {
        return Some(s.clone());
    }
    if let Some((_, s)) = k
        .pattern_properties
        .iter()
        .find(|(p, _)| schemas.patterns.is_match(p, segment) == Some(true))
    {
        return Some(s.clone());
    }
    if let Ok(i) = segment.parse::<usize>() {
        if let Some(s) = k.prefix_items.get(i) {
            return Some(s.clone());
        }
        if let Some(s) = &k.items {
            return Some(s.clone());
        }
    }
    k.additional_properties.clone()
}

/// The first member along `path` that the rejecting side declares in
/// `properties` and the accepting side leaves open (no declaration, no
/// matching pattern, `additionalProperties` absent or `true`): the
/// rejecting parent node and the member's position in the path.
fn open_member(
    schemas: &Schemas<'_>,
    accepting: &SchemaRef,
    rejecting: &SchemaRef,
    path: &[String],
) -> Option<(SchemaRef, usize)> {
    // Walk both sides down the path together (linear in its length).
    let mut a = schemas
        .keywords(accepting)
        .at
        .clone()
        .unwrap_or_else(|| accepting.clone());
    let mut r = schemas
        .keywords(rejecting)
        .at
        .clone()
        .unwrap_or_else(|| rejecting.clone());
    for (depth, name) in path.iter().enumerate() {
        if let Some(declaring) = declaring_node(schemas, &r, name, 0) {
            let a_keywords = schemas.keywords(&a);
            if a_keywords
                .types
                .is_some_and(|t| !t.contains(crate::model::schema::TypeSet::OBJECT))
            {
                return None;
            }
            if !declares_anything(schemas, &a, name, 0) {
                return Some((declaring, depth));
            }
        }
        a = step(schemas, &a, name, 0)?;
        r = step(schemas, &r, name, 0)?;
    }
    None
}

/// The node (this one or an `allOf`/`$ref` member) whose `properties`
/// declare `name`.
fn declaring_node(
    schemas: &Schemas<'_>,
    node: &SchemaRef,
    name: &str,
    depth: usize,
) -> Option<SchemaRef> {
    if depth > 16 {
        return None;
    }
    let k = schemas.keywords(node);
    if k.properties.contains(name) {
        return k.at.clone();
    }
    k.all_of
        .iter()
        .chain(k.reference.iter())
        .chain(k.any_of.iter())
        .chain(k.one_of.iter())
        .find_map(|sub| declaring_node(schemas, sub, name, depth + 1))
}

/// Whether the node (or its `allOf`/`$ref`/`anyOf`/`oneOf` members) says
/// anything about member `name`: declares it, matches it with a pattern,
/// or gives `additionalProperties` a schema other than `true`.
fn declares_anything(schemas: &Schemas<'_>, node: &SchemaRef, name: &str, depth: usize) -> bool {
    if depth > 16 {
        return true;
    }
    let k = schemas.keywords(node);
    let declared = k.properties.contains(name)
        || k.pattern_properties
            .iter()
            .any(|(p, _)| schemas.patterns.is_match(p, name) != Some(false))
        || k.additional_properties
            .as_ref()
            .is_some_and(|a| !schemas.keywords(a).accepts_everything())
        || k.unevaluated_properties
            .as_ref()
            .is_some_and(|a| !schemas.keywords(a).accepts_everything());
    declared
        || k.all_of
            .iter()
            .chain(k.reference.iter())
            .chain(k.any_of.iter())
            .chain(k.one_of.iter())
            .any(|sub| declares_anything(schemas, sub, name, depth + 1))
}
