//! `A ⊆ B` for strings: lengths, patterns, formats, `enum`/`const`.

use serde_json::Value;

use crate::model::schema::TypeSet;
use crate::schema::dnf::Conj;
use crate::schema::examples;
use crate::schema::merged::Merged;

use super::Checker;
use super::verdict::{Reason, Verdict, too_large};

impl Checker<'_, '_> {
    pub(super) fn strings(&mut self, m: &Merged, p: &Conj, q: &Merged) -> Verdict {
        let patterns = &self.schemas.patterns;
        // B's patterns that P's do not already imply (one of P's patterns
        // matches only strings the other matches, decided on their DFAs);
        // where that fails, the walk's string is a candidate witness.
        let mut from_automata: Vec<String> = Vec::new();
        let new_patterns: Vec<&String> = q
            .patterns
            .iter()
            .filter(|qp| {
                if m.patterns.contains(qp) || patterns.is_universal(qp) {
                    return false;
                }
                let mut implied = false;
                for pa in &m.patterns {
                    match patterns.includes(pa, qp) {
                        Some(Ok(())) => implied = true,
                        Some(Err(w)) => from_automata.push(w),
                        None => {}
                    }
                }
                !implied
            })
            .collect();
        let length_ok = q.min_length <= m.min_length
            && match (q.max_length, m.max_length) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(b), Some(a)) => a <= b,
            };
        if length_ok && new_patterns.is_empty() {
            return Verdict::Yes;
        }
        let rejects = |w: &Value| -> bool {
            let Some(s) = w.as_str() else { return false };
            let n = s.chars().count() as u64;
            n < q.min_length
                || q.max_length.is_some_and(|x| n > x)
                || q.patterns
                    .iter()
                    .any(|qp| patterns.is_match(qp, s) == Some(false))
        };
        let mut candidates: Vec<Value> = Vec::new();
        // The lengths that tell the two apart; those too long to build are
        // named in the answer instead.
        let wanted: Vec<u64> = [
            Some(m.min_length),
            q.min_length.checked_sub(1),
            q.max_length.map(|x| x.saturating_add(1)),
            m.max_length,
        ]
        .into_iter()
        .flatten()
        .filter(|&n| n >= m.min_length && m.max_length.is_none_or(|x| n <= x))
        .collect();
        let lengths: Vec<usize> = wanted
            .iter()
            .filter_map(|&n| examples::buildable(n))
            .collect();
        let too_long = wanted
            .iter()
            .copied()
            .filter(|&n| examples::buildable(n).is_none())
            .min();
        let sources: Vec<String> = m
            .patterns
            .first()
            .map(|p| self.schemas.patterns.samples(p))
            .unwrap_or_else(|| vec![String::new()]);
        for sample in &sources {
            candidates.push(Value::String(sample.clone()));
            for &n in &lengths {
                let have = sample.chars().count();
                if n >= have {
                    for fill in ["a", "0", "-", " "] {
                        candidates
                            .push(Value::String(format!("{sample}{}", fill.repeat(n - have))));
                    }
                }
            }
        }
        candidates.extend(from_automata.iter().cloned().map(Value::String));
        for probe in [
            "",
            "a",
            "0",
            "A",
            " ",
            "-",
            "é",
            "\n",
            "aZ0-_ .",
            "null",
            "true",
            "2024-01-31",
            "x@example.com",
        ] {
            candidates.push(Value::String(probe.to_owned()));
        }
        for v in examples::of_type(self.schemas, m, TypeSet::STRING, 0) {
            candidates.push(v);
        }
        match self.first_member(p, candidates, rejects) {
            Some(w) => Verdict::No(Box::new(Reason::new(w))),
            None if !new_patterns.is_empty() => Verdict::Unknown(format!(
                "the strings matching `{}` cannot be compared with the other schema's",
                new_patterns
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("`, `")
            )),
            None => Verdict::Unknown(
                too_long
                    .and_then(|n| too_large(n, "strings", "characters"))
                    .unwrap_or_else(|| {
                        "the string constraints cannot be compared exhaustively".to_owned()
                    }),
            ),
        }
    }
}
