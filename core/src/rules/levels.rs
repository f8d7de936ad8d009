//! The levels of the compatibility rules that state an effect on what a
//! place accepts, derived as oasdiff derives them: from **who reads the
//! place** (a client sends a request; a client reads a response) and **what
//! the change does to the values allowed there** (fewer, more, or a limit
//! where there was none). An id such as `request-body-max-length-decreased`
//! names both: its prefix the reader, its suffix the effect.
//!
//! ```text
//!                     narrows   widens   limits (a bound set)
//! request             error     info     warning
//! response            info      error    info
//! request, read-only  info      info     info     (clients never send it)
//! response, write-only info     info     info     (clients never read it)
//! ```
//!
//! A rule declares such an id without a level (`("request-body-max-set")`)
//! and gets the table's; the few that differ are in [`LEDGER`], each with
//! its reason. Ids of other shapes (an operation removed, a default changed)
//! declare their level beside them.
//!
//! All of it is `const`: a declared id the table cannot place is a compile
//! error, not a wrong level at run time.

#![allow(clippy::indexing_slicing)] // const fns over bytes, bounds checked by their loops

use crate::findings::Level;

/// What a change does to the values a place accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Fewer values are allowed (a `maxLength` decreased, an enum value
    /// removed, a property made required).
    Narrows,
    /// More values are allowed (a bound relaxed or removed, a type widened).
    Widens,
    /// A bound is set where there was none: it narrows, but values already
    /// exchanged often fit it.
    Limits,
}

/// Who reads the place a change is at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// The provider reads what a client sends.
    Request,
    /// A client reads what the provider returns.
    Response,
    /// A read-only property of a request: clients never send it.
    NeverSent,
    /// A write-only property of a response: clients never receive it.
    NeverReceived,
}

/// The table.
pub const fn level(reader: Reader, effect: Effect) -> Level {
    match (reader, effect) {
        (Reader::Request, Effect::Narrows) | (Reader::Response, Effect::Widens) => Level::Error,
        (Reader::Request, Effect::Limits) => Level::Warning,
        (Reader::Request, Effect::Widens)
        | (Reader::Response, Effect::Narrows | Effect::Limits)
        | (Reader::NeverSent | Reader::NeverReceived, _) => Level::Info,
    }
}

/// An id whose level is not the table's, and why.
pub struct Exception {
    pub id: &'static str,
    pub level: Level,
    pub reason: &'static str,
}

/// Where the derived level is not the one reported: oasdiff's levels, which
/// the conformance suite pins, for changes whose effect on what is accepted
/// is rarely the whole story.
pub const LEDGER: &[Exception] = &[
    Exception {
        id: "request-body-all-of-removed",
        level: Level::Warning,
        reason: "a member dropped from a request body's `allOf` widens it, but is usually a restructuring whose other changes are reported by their own rules; worth a look, not an info line (oasdiff: warning)",
    },
    Exception {
        id: "request-property-all-of-removed",
        level: Level::Warning,
        reason: "as for the request body: a restructuring worth a look (oasdiff: warning)",
    },
    Exception {
        id: "response-body-all-of-removed",
        level: Level::Info,
        reason: "what the dropped member constrained is reported by the rules of those keywords (a property, a bound) at their levels; the removal itself is structure (oasdiff: info)",
    },
    Exception {
        id: "response-property-all-of-removed",
        level: Level::Info,
        reason: "as for the response body: the keywords the member held are reported by their own rules (oasdiff: info)",
    },
    Exception {
        id: "response-body-any-of-added",
        level: Level::Info,
        reason: "a new alternative of a response is reported through what it brings (new types, properties, values) by their own rules (oasdiff: info)",
    },
    Exception {
        id: "response-property-any-of-added",
        level: Level::Info,
        reason: "as for the response body (oasdiff: info)",
    },
    Exception {
        id: "response-property-enum-value-added",
        level: Level::Warning,
        reason: "clients are expected to tolerate enum values they do not know in what they read, so a new one is a warning, not a break (oasdiff: warning)",
    },
    Exception {
        id: "response-property-pattern-removed",
        level: Level::Info,
        reason: "a pattern documents the shape of values more than it promises it; values keep their shape when it is dropped from a response (oasdiff: info)",
    },
];

/// Effects by the end of an id (`…-max-length-decreased`).
const EFFECTS: &[(&str, Effect)] = &[
    ("-max-length-decreased", Effect::Narrows),
    ("-max-length-increased", Effect::Widens),
    ("-max-length-set", Effect::Limits),
    ("-max-length-unset", Effect::Widens),
    ("-min-length-increased", Effect::Narrows),
    ("-min-length-decreased", Effect::Widens),
    ("-min-length-set", Effect::Limits),
    ("-min-length-unset", Effect::Widens),
    ("-max-items-decreased", Effect::Narrows),
    ("-max-items-increased", Effect::Widens),
    ("-max-items-set", Effect::Limits),
    ("-max-items-unset", Effect::Widens),
    ("-min-items-increased", Effect::Narrows),
    ("-min-items-decreased", Effect::Widens),
    ("-min-items-set", Effect::Limits),
    ("-min-items-unset", Effect::Widens),
    ("-max-properties-decreased", Effect::Narrows),
    ("-max-properties-increased", Effect::Widens),
    ("-max-properties-set", Effect::Limits),
    ("-max-properties-unset", Effect::Widens),
    ("-min-properties-increased", Effect::Narrows),
    ("-min-properties-decreased", Effect::Widens),
    ("-min-properties-set", Effect::Limits),
    ("-min-properties-unset", Effect::Widens),
    ("-max-contains-decreased", Effect::Narrows),
    ("-max-contains-increased", Effect::Widens),
    ("-min-contains-increased", Effect::Narrows),
    ("-min-contains-decreased", Effect::Widens),
    ("-exclusive-max-decreased", Effect::Narrows),
    ("-exclusive-max-increased", Effect::Widens),
    ("-exclusive-max-set", Effect::Limits),
    ("-exclusive-max-unset", Effect::Widens),
    ("-exclusive-min-increased", Effect::Narrows),
    ("-exclusive-min-decreased", Effect::Widens),
    ("-exclusive-min-set", Effect::Limits),
    ("-exclusive-min-unset", Effect::Widens),
    ("-max-decreased", Effect::Narrows),
    ("-max-increased", Effect::Widens),
    ("-max-set", Effect::Limits),
    ("-max-unset", Effect::Widens),
    ("-min-increased", Effect::Narrows),
    ("-min-decreased", Effect::Widens),
    ("-min-set", Effect::Limits),
    ("-min-unset", Effect::Widens),
    ("-enum-value-removed", Effect::Narrows),
    ("-enum-value-added", Effect::Widens),
    ("-became-enum", Effect::Narrows),
    ("-pattern-added", Effect::Narrows),
    ("-pattern-removed", Effect::Widens),
    ("-pattern-generalized", Effect::Widens),
    ("-type-generalized", Effect::Widens),
    ("-type-specialized", Effect::Narrows),
    ("-list-of-types-widened", Effect::Widens),
    ("-list-of-types-narrowed", Effect::Narrows),
    ("-became-nullable", Effect::Widens),
    ("-became-not-nullable", Effect::Narrows),
    ("-one-of-added", Effect::Widens),
    ("-one-of-removed", Effect::Narrows),
    ("-any-of-added", Effect::Widens),
    ("-any-of-removed", Effect::Narrows),
    ("-all-of-added", Effect::Narrows),
    ("-all-of-removed", Effect::Widens),
    ("-became-required", Effect::Narrows),
    ("-became-optional", Effect::Widens),
];

/// Readers by the start of an id, most specific first.
const READERS: &[(&str, Reader)] = &[
    ("request-read-only-property-", Reader::NeverSent),
    ("response-write-only-property-", Reader::NeverReceived),
    ("request-", Reader::Request),
    ("response-", Reader::Response),
];

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn starts_with(s: &[u8], prefix: &[u8]) -> bool {
    if prefix.len() > s.len() {
        return false;
    }
    let mut i = 0;
    while i < prefix.len() {
        if s[i] != prefix[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn ends_with(s: &[u8], suffix: &[u8]) -> bool {
    if suffix.len() > s.len() {
        return false;
    }
    let offset = s.len() - suffix.len();
    let mut i = 0;
    while i < suffix.len() {
        if s[offset + i] != suffix[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The reader and the effect an id names, if it names both.
pub const fn reader_and_effect(id: &str) -> Option<(Reader, Effect)> {
    let id = id.as_bytes();
    let mut reader = None;
    let mut i = 0;
    while i < READERS.len() {
        if starts_with(id, READERS[i].0.as_bytes()) {
            reader = Some(READERS[i].1);
            break;
        }
        i += 1;
    }
    let Some(reader) = reader else { return None };
    let mut i = 0;
    while i < EFFECTS.len() {
        if ends_with(id, EFFECTS[i].0.as_bytes()) {
            return Some((reader, EFFECTS[i].1));
        }
        i += 1;
    }
    None
}

/// The ledger's entry for an id.
pub const fn exception(id: &str) -> Option<&'static Exception> {
    let mut i = 0;
    while i < LEDGER.len() {
        if same(LEDGER[i].id.as_bytes(), id.as_bytes()) {
            return Some(&LEDGER[i]);
        }
        i += 1;
    }
    None
}

/// The table's level for an id (the ledger aside), if it names a reader
/// and an effect.
pub const fn table_level(id: &str) -> Option<Level> {
    match reader_and_effect(id) {
        Some((reader, effect)) => Some(level(reader, effect)),
        None => None,
    }
}

/// The level of an id declared without one: the ledger's, else the
/// table's. An id that names no reader and effect fails the build.
pub const fn derived(id: &str) -> Level {
    if let Some(exception) = exception(id) {
        return exception.level;
    }
    match table_level(id) {
        Some(level) => level,
        None => panic!("a rule id declared without a level must name its reader and effect"),
    }
}

/// The level a declaration gives: its own, or the derived one.
pub const fn given_or_derived(id: &str, given: &[Level]) -> Level {
    match given {
        [level] => *level,
        _ => derived(id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_and_response_rows_mirror_each_other() {
        // What breaks a client that sends (fewer values allowed) is what
        // breaks a client that reads when it happens the other way round.
        assert_eq!(
            level(Reader::Request, Effect::Narrows),
            level(Reader::Response, Effect::Widens)
        );
        assert_eq!(
            level(Reader::Request, Effect::Widens),
            level(Reader::Response, Effect::Narrows)
        );
        assert!(level(Reader::Request, Effect::Limits) < level(Reader::Request, Effect::Narrows));
    }

    #[test]
    fn ids_name_their_reader_and_effect() {
        assert_eq!(
            reader_and_effect("request-body-max-length-decreased"),
            Some((Reader::Request, Effect::Narrows))
        );
        assert_eq!(
            reader_and_effect("request-read-only-property-max-decreased"),
            Some((Reader::NeverSent, Effect::Narrows))
        );
        assert_eq!(
            reader_and_effect("response-property-exclusive-min-set"),
            Some((Reader::Response, Effect::Limits))
        );
        assert_eq!(
            reader_and_effect("api-path-removed-without-deprecation"),
            None
        );
    }

    #[test]
    fn every_id_the_table_places_has_its_level_or_a_ledger_entry() {
        let mut wrong = Vec::new();
        for meta in crate::rules::all() {
            let Some(table) = table_level(meta.id) else {
                continue;
            };
            let expected = exception(meta.id).map_or(table, |e| e.level);
            if meta.level != expected {
                wrong.push(format!(
                    "{}: {:?}, the table says {table:?}",
                    meta.id, meta.level
                ));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn the_ledger_holds_real_exceptions_with_reasons() {
        for entry in LEDGER {
            let meta = crate::rules::find(entry.id);
            assert!(meta.is_some(), "{}: no such rule", entry.id);
            assert_ne!(
                table_level(entry.id),
                Some(entry.level),
                "{}: the table gives this level already",
                entry.id
            );
            assert!(entry.reason.len() > 20, "{}: give the reason", entry.id);
        }
    }

    /// A request id and the response id of the same place and keyword with
    /// the opposite change: `request-body-max-length-decreased` (narrows
    /// what clients may send) and `response-body-max-length-increased`
    /// (widens what they read) break clients alike. A bound set where there
    /// was none is its own row (`Limits`), not the mirror of one removed.
    #[test]
    fn request_and_response_rules_are_symmetric_but_for_the_ledger() {
        const MIRRORS: &[(&str, &str)] = &[
            ("-decreased", "-increased"),
            ("-increased", "-decreased"),
            ("-removed", "-added"),
            ("-added", "-removed"),
            ("-became-required", "-became-optional"),
            ("-became-optional", "-became-required"),
            ("-became-nullable", "-became-not-nullable"),
            ("-became-not-nullable", "-became-nullable"),
            ("-generalized", "-specialized"),
            ("-specialized", "-generalized"),
            ("-widened", "-narrowed"),
            ("-narrowed", "-widened"),
        ];
        let all = crate::rules::all();
        let mut pairs = 0;
        let mut wrong = Vec::new();
        for meta in &all {
            let Some(rest) = meta.id.strip_prefix("request-") else {
                continue;
            };
            if reader_and_effect(meta.id).is_none_or(|(reader, _)| reader != Reader::Request) {
                continue;
            }
            for (from, to) in MIRRORS {
                let Some(stem) = rest.strip_suffix(from) else {
                    continue;
                };
                let mirror = format!("response-{stem}{to}");
                let Some(other) = all.iter().find(|m| m.id == mirror) else {
                    continue;
                };
                pairs += 1;
                let ledgered = exception(meta.id).is_some() || exception(&mirror).is_some();
                if meta.level != other.level && !ledgered {
                    wrong.push(format!(
                        "{} is {:?} but {mirror} is {:?}",
                        meta.id, meta.level, other.level
                    ));
                }
            }
        }
        assert!(pairs > 30, "only {pairs} pairs found");
        assert!(wrong.is_empty(), "{wrong:#?}");
    }
}
