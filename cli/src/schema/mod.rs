//! Set semantics for JSON Schema: which instances a schema accepts, and
//! whether every instance of one schema is accepted by another.
//!
//! A schema denotes a set of JSON values. "The revision accepts everything
//! the base accepted" (backward compatibility) is the set inclusion
//! `base ⊆ revision`; forward compatibility is `revision ⊆ base`. The
//! checker in [`subset`] decides inclusion keyword by keyword for each JSON
//! type, normalises combinators (`allOf`, `anyOf`, `oneOf`, `not`,
//! `if`/`then`/`else`) into unions of conjunctions, and answers yes, no
//! (with a witness: an instance one side accepts and the other rejects,
//! checked by the [`validate`] module), or cannot tell. Recursive schemas
//! are compared coinductively: a pair already being compared is assumed to
//! hold, since any counterexample is a finite instance found at finite depth.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod compat;
pub mod dnf;
pub mod examples;
pub mod keywords;
pub mod merged;
pub mod pattern;
pub mod subset;
pub mod validate;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::load::{Contract, NodeRef};

pub use keywords::Keywords;

/// Which contract a schema node belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    Base,
    Revision,
}

/// A schema node of one of the two contracts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchemaRef {
    pub side: Side,
    pub node: NodeRef,
}

/// The schemas of two contracts, with each node's keywords read once.
pub struct Schemas<'c> {
    base: &'c Contract,
    revision: &'c Contract,
    keywords: RefCell<HashMap<SchemaRef, Rc<Keywords>>>,
    /// Nodes whose keywords were relaxed by [`compat`], to put back.
    relaxed: RefCell<Vec<SchemaRef>>,
    pub patterns: pattern::Patterns,
}

impl<'c> Schemas<'c> {
    pub fn new(base: &'c Contract, revision: &'c Contract) -> Self {
        Self {
            base,
            revision,
            keywords: RefCell::default(),
            relaxed: RefCell::default(),
            patterns: pattern::Patterns::default(),
        }
    }

    pub fn contract(&self, side: Side) -> &'c Contract {
        match side {
            Side::Base => self.base,
            Side::Revision => self.revision,
        }
    }

    /// The keywords of a node (cached).
    pub fn keywords(&self, at: &SchemaRef) -> Rc<Keywords> {
        if let Some(k) = self.keywords.borrow().get(at) {
            return Rc::clone(k);
        }
        let k = Rc::new(keywords::read(self.contract(at.side), at));
        self.keywords.borrow_mut().insert(at.clone(), Rc::clone(&k));
        k
    }

    /// The root schema of one side's contract.
    pub fn root(&self, side: Side) -> SchemaRef {
        SchemaRef {
            side,
            node: self.contract(side).root_node(),
        }
    }

    /// Drops the keyword that rejected an instance from its node (for every
    /// reference to that node), so that the next comparison looks past it.
    /// Returns false when there was nothing to drop.
    pub fn relax(&self, failure: &validate::Failure) -> bool {
        let mut cache = self.keywords.borrow_mut();
        let current = match cache.values().find(|k| k.at.as_ref() == Some(&failure.at)) {
            Some(k) => Rc::clone(k),
            None => Rc::new(keywords::read(self.contract(failure.at.side), &failure.at)),
        };
        let mut k = (*current).clone();
        let changed = k.relax(failure.keyword, failure.member.as_deref());
        if !changed {
            return false;
        }
        let k = Rc::new(k);
        let keys: Vec<SchemaRef> = cache
            .iter()
            .filter(|(_, v)| v.at.as_ref() == Some(&failure.at))
            .map(|(key, _)| key.clone())
            .collect();
        for key in keys {
            cache.insert(key, Rc::clone(&k));
        }
        cache.insert(failure.at.clone(), k);
        self.relaxed.borrow_mut().push(failure.at.clone());
        true
    }

    /// Forgets every relaxation (the keywords are read again).
    pub fn restore(&self) {
        let relaxed: Vec<SchemaRef> = self.relaxed.borrow_mut().drain(..).collect();
        if relaxed.is_empty() {
            return;
        }
        self.keywords
            .borrow_mut()
            .retain(|_, k| k.at.as_ref().is_none_or(|at| !relaxed.contains(at)));
    }
}
