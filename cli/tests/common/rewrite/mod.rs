//! Rewrites of an OpenAPI document, for the invariant test: rewrites that
//! keep its meaning (a diff against the original must find nothing at
//! warning or above) and planted edits that break clients (a diff must
//! find an error at the operation edited). Each works on the document as a
//! JSON value and is deterministic for a seed.

#![allow(dead_code)]

use std::collections::BTreeMap;

use serde_json::Value;

mod breaking;
mod preserving;
mod walk;

pub use breaking::{Break, Planted, plant};
use preserving::{
    components_renamed, inline_extracted, leaf_refs_inlined, lists_reordered, migrated_to_31,
    path_parameters_renamed, reordered,
};

/// A small deterministic generator (splitmix64): the same seed, the same
/// choices, on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// The meaning-preserving rewrites.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rewrite {
    /// The file itself, byte for byte.
    Identity,
    /// Every object's members in another (seeded) order, and the lists
    /// whose order means nothing (`required`, `enum`, `type`, `allOf`,
    /// `anyOf`, `oneOf`, `parameters`, `security`, `tags`) too.
    Reordered,
    /// JSON written as YAML, YAML as JSON.
    OtherFormat,
    /// Every component schema renamed, every `$ref` to it rewritten.
    ComponentsRenamed,
    /// Every `$ref` to a component schema without `$ref`s inside replaced
    /// by a copy of it.
    LeafRefsInlined,
    /// Every inline schema (bodies, parameters, responses, properties,
    /// items, members) moved into `components.schemas`, a `$ref` in its
    /// place.
    InlineExtracted,
    /// Every path parameter renamed, in the templates and the parameters.
    PathParametersRenamed,
    /// OpenAPI 3.0 → 3.1: `nullable` → a `null` type (and `null` added to
    /// an enum beside it), boolean → numeric exclusive bounds, `example` →
    /// `examples`, `$ref` siblings (which 3.0 ignores) dropped.
    MigratedTo31,
    /// The same, an enum left as written: 3.0.3's reading of `nullable`
    /// beside an enum, where the other keeps what validators do.
    MigratedTo31EnumsAsWritten,
}

impl Rewrite {
    pub const ALL: [Rewrite; 9] = [
        Rewrite::Identity,
        Rewrite::Reordered,
        Rewrite::OtherFormat,
        Rewrite::ComponentsRenamed,
        Rewrite::LeafRefsInlined,
        Rewrite::InlineExtracted,
        Rewrite::PathParametersRenamed,
        Rewrite::MigratedTo31,
        Rewrite::MigratedTo31EnumsAsWritten,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Rewrite::Identity => "identity",
            Rewrite::Reordered => "members reordered",
            Rewrite::OtherFormat => "JSON <-> YAML",
            Rewrite::ComponentsRenamed => "component schemas renamed",
            Rewrite::LeafRefsInlined => "leaf $refs inlined",
            Rewrite::InlineExtracted => "inline schemas extracted",
            Rewrite::PathParametersRenamed => "path parameters renamed",
            Rewrite::MigratedTo31 => "3.0 -> 3.1 migration",
            Rewrite::MigratedTo31EnumsAsWritten => "3.0 -> 3.1, enums as written",
        }
    }

    /// The rewritten document, or `None` where the rewrite does not apply
    /// (nothing to rename, a 3.1 document to migrate) — the identity and
    /// the two that only change how the document is written always apply.
    pub fn apply(self, doc: &Value, rng: &mut Rng) -> Option<Value> {
        match self {
            Rewrite::Identity | Rewrite::OtherFormat => Some(doc.clone()),
            Rewrite::Reordered => Some(lists_reordered(reordered(doc, rng), rng)),
            Rewrite::ComponentsRenamed => components_renamed(doc),
            Rewrite::LeafRefsInlined => leaf_refs_inlined(doc),
            Rewrite::InlineExtracted => inline_extracted(doc),
            Rewrite::PathParametersRenamed => path_parameters_renamed(doc),
            Rewrite::MigratedTo31 => migrated_to_31(doc, true),
            Rewrite::MigratedTo31EnumsAsWritten => migrated_to_31(doc, false),
        }
    }
}

// ---------------------------------------------------------------------
// JSON pointers and walking

pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn push(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape(token))
}

// ---------------------------------------------------------------------
// The rewrites

// ---------------------------------------------------------------------
// Planted breaks

/// Counts by a key, for the printed tables.
pub type Counts = BTreeMap<String, BTreeMap<String, usize>>;
