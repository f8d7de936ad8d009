//! What a comparison answers: yes, no with a witness (an instance of A
//! that B rejects) and what was found out on the way, or cannot tell.

use std::rc::Rc;

use serde_json::Value;

use crate::schema::examples;

/// What the comparison found out along the way, kept with a witness so that
/// findings can say more than "this instance is rejected".
#[derive(Clone, Debug, PartialEq)]
pub enum Hint {
    /// B declares a property that A left open (any value was allowed).
    PropertyAddedToOpenModel(String),
    /// B requires a property A did not.
    Required(String),
    /// A's values may each fit one of B's branches, but this one fits none.
    Branches,
}

/// Where an inner witness sits in an outer one.
#[derive(Clone, Debug, PartialEq)]
pub enum Slot {
    Member(String),
    Item(usize),
}

/// An instance A accepts and B rejects. Witnesses found deep inside are
/// wrapped level by level on the way out; each level keeps only its own
/// shell (with a placeholder where the inner witness goes), so that a
/// difference 1,000 levels down costs linear time and memory, and the whole
/// instance is put together once, by [`value`](Witness::value).
#[derive(Clone, Debug, PartialEq)]
pub enum Witness {
    Leaf(Value),
    Nested {
        outer: Value,
        slot: Slot,
        inner: Rc<Witness>,
    },
}

impl Witness {
    /// The instance, assembled.
    pub fn value(&self) -> Value {
        // Collect the shells outermost first, then fill them innermost first.
        let mut shells: Vec<(&Value, &Slot)> = Vec::new();
        let mut at = self;
        let leaf = loop {
            match at {
                Witness::Leaf(v) => break v.clone(),
                Witness::Nested { outer, slot, inner } => {
                    shells.push((outer, slot));
                    at = inner;
                }
            }
        };
        shells.into_iter().rev().fold(leaf, |inner, (outer, slot)| {
            let mut outer = outer.clone();
            match (slot, &mut outer) {
                (Slot::Member(name), Value::Object(map)) => {
                    map.insert(name.clone(), inner);
                }
                (Slot::Item(i), Value::Array(items)) => {
                    if let Some(item) = items.get_mut(*i) {
                        *item = inner;
                    }
                }
                _ => {}
            }
            outer
        })
    }
}

/// Why A is not a subset of B: an instance A accepts and B rejects.
#[derive(Clone, Debug, PartialEq)]
pub struct Reason {
    pub witness: Witness,
    /// Hints with the instance path (outermost first) where they apply.
    pub hints: Vec<(Vec<String>, Hint)>,
}

impl Reason {
    pub(super) fn new(witness: Value) -> Self {
        Self {
            witness: Witness::Leaf(witness),
            hints: Vec::new(),
        }
    }

    pub(super) fn hint(mut self, hint: Hint) -> Self {
        self.hints.push((Vec::new(), hint));
        self
    }

    /// The same reason one level up: `outer` (an instance of this level's
    /// schema, with a placeholder at `slot`) holds the inner witness.
    pub(super) fn nested(mut self, slot: Slot, outer: Value) -> Self {
        let segment = match &slot {
            Slot::Member(name) => name.clone(),
            Slot::Item(i) => i.to_string(),
        };
        for (path, _) in &mut self.hints {
            path.insert(0, segment.clone());
        }
        self.witness = Witness::Nested {
            outer,
            slot,
            inner: Rc::new(self.witness),
        };
        self
    }
}

/// Why no witness of `n` `unit` was built, when `n` is beyond what the
/// generator builds: the answer is then "cannot tell", with the size.
pub(super) fn too_large(n: u64, kind: &str, unit: &str) -> Option<String> {
    examples::buildable(n).is_none().then(|| {
        format!(
            "only {kind} of {n} {unit} or more might tell the two apart; \
             witnesses are built up to {} {unit}",
            examples::MAX_SIZE
        )
    })
}

/// The answer to `A ⊆ B`.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Yes,
    No(Box<Reason>),
    /// Cannot tell, and why.
    Unknown(String),
}

impl Verdict {
    pub fn is_yes(&self) -> bool {
        matches!(self, Verdict::Yes)
    }
}
