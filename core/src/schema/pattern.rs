//! `pattern` and `patternProperties`: ECMA-262 regular expressions, run with
//! the `regex` crate. JSON Schema patterns are unanchored searches. Besides
//! matching, the checker needs two things regex engines do not offer: whether
//! a pattern matches every string, and strings that match it (to build
//! witnesses); both are answered here.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};

/// A compiled pattern: the `regex` crate where it can (linear time), else
/// `fancy-regex` (look-around, backreferences), whose failures (a
/// backtracking limit) read as "cannot tell".
pub enum Regex {
    Plain(regex::Regex),
    Fancy(fancy_regex::Regex),
}

impl Regex {
    fn new(pattern: &str) -> Option<Regex> {
        let translated = translate(pattern);
        match regex::Regex::new(&translated) {
            Ok(re) => Some(Regex::Plain(re)),
            Err(_) => fancy_regex::Regex::new(&translated).ok().map(Regex::Fancy),
        }
    }

    fn find(&self, text: &str) -> Option<bool> {
        match self {
            Regex::Plain(re) => Some(re.is_match(text)),
            Regex::Fancy(re) => re.is_match(text).ok(),
        }
    }

    fn is_match(&self, text: &str) -> bool {
        self.find(text) == Some(true)
    }
}

/// Compiled patterns, by source text (`None` when neither engine reads it).
#[derive(Default)]
pub struct Patterns {
    cache: RefCell<HashMap<String, Option<Rc<Regex>>>>,
}

/// Strings that exercise patterns: if one fails, the pattern is not universal.
const PROBES: &[&str] = &[
    "",
    "a",
    "Z",
    "0",
    " ",
    "\n",
    "-",
    "é",
    "aZ0 _-\n.é€😀",
    "#/%?&=+",
    "\u{0}",
];

impl Patterns {
    pub fn compile(&self, pattern: &str) -> Option<Rc<Regex>> {
        if let Some(hit) = self.cache.borrow().get(pattern) {
            return hit.clone();
        }
        let compiled = Regex::new(pattern).map(Rc::new);
        self.cache
            .borrow_mut()
            .insert(pattern.to_owned(), compiled.clone());
        compiled
    }

    /// Whether `text` matches `pattern`; `None` if the pattern cannot be run.
    pub fn is_match(&self, pattern: &str, text: &str) -> Option<bool> {
        self.compile(pattern).and_then(|re| re.find(text))
    }

    /// Whether the pattern matches every string. An unanchored pattern that
    /// can match the empty string at any position does (`[a-z]*`); the
    /// probes rule out anchored ones (`^$`) and anything narrower.
    pub fn is_universal(&self, pattern: &str) -> bool {
        let Some(re) = self.compile(pattern) else {
            return false;
        };
        PROBES.iter().all(|p| re.is_match(p)) && re.is_match("\u{10FFFF}zz\t")
    }

    /// Whether every string that `p` matches, `q` matches too (both as
    /// unanchored searches). Decided on the patterns' DFAs: a walk of their
    /// product looks for a string on which `p` finds a match and `q` never
    /// does. `Some(Ok(()))`: included; `Some(Err(s))`: `s` shows it is not;
    /// `None`: a pattern cannot be made a DFA (look-around, backreferences,
    /// size), or only strings that are not UTF-8 would show a difference.
    pub fn includes(&self, p: &str, q: &str) -> Option<Result<(), String>> {
        if p == q || self.is_universal(q) {
            return Some(Ok(()));
        }
        let (dp, dq) = (dfa(p)?, dfa(q)?);
        inclusion(&dp, &dq, |w| {
            self.is_match(p, w) == Some(true) && self.is_match(q, w) == Some(false)
        })
    }

    /// A few strings that match the pattern (may be empty if none is found).
    pub fn samples(&self, pattern: &str) -> Vec<String> {
        let Some(re) = self.compile(pattern) else {
            return Vec::new();
        };
        let mut out: Vec<String> = Vec::new();
        if let Ok(hir) = regex_syntax::Parser::new().parse(&translate(pattern)) {
            for strategy in 0..12 {
                let mut s = String::new();
                if generate(&hir, strategy, &mut s, 0) && !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        // Unanchored patterns also match inside longer strings.
        let found: Vec<String> = out.clone();
        for s in found {
            for variant in [format!("a{s}"), format!("{s}a"), format!("_{s}_")] {
                if !out.contains(&variant) {
                    out.push(variant);
                }
            }
        }
        for probe in PROBES
            .iter()
            .chain(["x", "y", "z", "ab", "xa", "ax"].iter())
        {
            if out.len() >= 16 {
                break;
            }
            if !out.iter().any(|o| o == probe) {
                out.push((*probe).to_owned());
            }
        }
        out.retain(|s| re.is_match(s));
        out
    }
}

/// Builds one string the HIR matches. `strategy` chooses, the same way
/// everywhere in the expression, how often repetitions run (`% 3`: the
/// least, one more, the most a bounded one allows) and which alternative
/// and class member to take (`/ 3`).
fn generate(hir: &Hir, strategy: usize, out: &mut String, depth: usize) -> bool {
    if depth > 64 || out.len() > 256 {
        return false;
    }
    let pick = strategy / 3;
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(s) => {
                out.push_str(s);
                true
            }
            Err(_) => false,
        },
        HirKind::Class(Class::Unicode(class)) => {
            let ranges = class.ranges();
            let Some(range) = ranges.get(pick % ranges.len().max(1)) else {
                return false;
            };
            // Prefer a readable character inside the range.
            let start = u32::from(range.start());
            let end = u32::from(range.end());
            let chosen = [u32::from('a'), u32::from('A'), u32::from('0'), start]
                .into_iter()
                .find(|c| (start..=end).contains(c))
                .unwrap_or(start);
            match char::from_u32(chosen) {
                Some(c) => {
                    out.push(c);
                    true
                }
                None => false,
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            let Some(range) = class.ranges().first() else {
                return false;
            };
            let b = range.start();
            if b.is_ascii() {
                out.push(char::from(b));
                true
            } else {
                false
            }
        }
        HirKind::Repetition(rep) => {
            let times = match (strategy % 3, rep.max) {
                (0, _) => rep.min,
                (1, Some(max)) => rep.min.saturating_add(1).min(max),
                (1, None) => rep.min.saturating_add(1),
                (_, Some(max)) => max,
                (_, None) => rep.min.saturating_add(2),
            };
            (0..times.min(64)).all(|_| generate(&rep.sub, strategy, out, depth + 1))
        }
        HirKind::Capture(cap) => generate(&cap.sub, strategy, out, depth + 1),
        HirKind::Concat(parts) => parts.iter().all(|p| generate(p, strategy, out, depth + 1)),
        HirKind::Alternation(branches) => match branches.get(pick % branches.len().max(1)) {
            Some(branch) => generate(branch, strategy, out, depth + 1),
            None => false,
        },
    }
}

/// A DFA for "the pattern matches somewhere in the string".
fn dfa(pattern: &str) -> Option<dense::DFA<Vec<u32>>> {
    let config = dense::Config::new()
        .match_kind(MatchKind::All)
        .start_kind(StartKind::Unanchored)
        .unicode_word_boundary(true)
        .dfa_size_limit(Some(4 << 20))
        .determinize_size_limit(Some(4 << 20));
    // The NFA too: `{2,2147483647}` would otherwise unroll into two
    // billion states (24 GB) before the DFA's own limits are consulted.
    let nfa = regex_automata::nfa::thompson::Config::new().nfa_size_limit(Some(4 << 20));
    dense::Builder::new()
        .configure(config)
        .thompson(nfa)
        .build(&translate(pattern))
        .ok()
}

/// Walks the product of two search DFAs breadth first: a state is where
/// each DFA is, and whether each has found a match. A state where the first
/// has matched and the second cannot, at the end of input, is a difference.
fn inclusion(
    p: &dense::DFA<Vec<u32>>,
    q: &dense::DFA<Vec<u32>>,
    confirm: impl Fn(&str) -> bool,
) -> Option<Result<(), String>> {
    type State = (StateID, bool, StateID);
    const MAX_STATES: usize = 200_000;
    let begin = start::Config::new().anchored(Anchored::No);
    let first: State = (
        p.start_state(&begin).ok()?,
        false,
        q.start_state(&begin).ok()?,
    );
    let mut parents: std::collections::HashMap<State, Option<(State, u8)>> =
        std::collections::HashMap::new();
    parents.insert(first, None);
    let mut queue = std::collections::VecDeque::from([first]);
    let mut inconclusive = false;
    while let Some(state) = queue.pop_front() {
        let (sp, matched, sq) = state;
        let matched_at_end = matched || p.is_match_state(p.next_eoi_state(sp));
        if matched_at_end && !q.is_match_state(q.next_eoi_state(sq)) {
            // Spell out the bytes that lead here.
            let mut bytes = Vec::new();
            let mut at = state;
            while let Some(Some((parent, byte))) = parents.get(&at) {
                bytes.push(*byte);
                at = *parent;
            }
            bytes.reverse();
            match String::from_utf8(bytes) {
                Ok(s) if confirm(&s) => return Some(Err(s)),
                _ => inconclusive = true,
            }
        }
        for byte in 0..=255u8 {
            let (np, nq) = (p.next_state(sp, byte), q.next_state(sq, byte));
            // Once the second has matched, nothing after can be a difference;
            // once the first can no longer match, neither.
            if q.is_match_state(nq) {
                continue;
            }
            let now_matched = matched || p.is_match_state(np);
            if !now_matched && p.is_dead_state(np) {
                continue;
            }
            let next = (np, now_matched, nq);
            if !parents.contains_key(&next) {
                if parents.len() >= MAX_STATES {
                    return None;
                }
                parents.insert(next, Some((state, byte)));
                queue.push_back(next);
            }
        }
    }
    if inconclusive { None } else { Some(Ok(())) }
}

/// ECMA-262's white space and line terminators (`\s`): Unicode's space
/// separators and the BOM, without NEL (U+0085), which `regex`'s `\s` has.
const ECMA_SPACE: &str = "\\t\\n\\x{0B}\\x{0C}\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";

/// ECMA-262 → `regex` syntax: `\d` and `\w` are ASCII classes in ECMA-262
/// (Unicode in `regex`), `\s` is ECMA's own list of spaces, and `\/` is a
/// plain slash.
fn translate(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    let (space, not_space) = (format!("[{ECMA_SPACE}]"), format!("[^{ECMA_SPACE}]"));
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push('\\');
                    break;
                };
                // `\cX`: the control character X % 32.
                if next == 'c'
                    && let Some(&letter) = chars.peek()
                    && letter.is_ascii_alphabetic()
                {
                    chars.next();
                    out.push_str(&format!("\\x{{{:02X}}}", (letter as u32) % 32));
                    continue;
                }
                let class = match next {
                    'd' => Some(("0-9", "[0-9]")),
                    'D' => Some(("", "[^0-9]")),
                    'w' => Some(("A-Za-z0-9_", "[A-Za-z0-9_]")),
                    'W' => Some(("", "[^A-Za-z0-9_]")),
                    's' => Some((ECMA_SPACE, space.as_str())),
                    'S' => Some(("", not_space.as_str())),
                    _ => None,
                };
                match (class, in_class) {
                    (Some((inside, _)), true) if !inside.is_empty() => out.push_str(inside),
                    (Some((_, outside)), false) => out.push_str(outside),
                    _ if next == '/' => out.push('/'),
                    _ => {
                        out.push('\\');
                        out.push(next);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push_str("\\]");
                    chars.next();
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '[' if in_class => out.push_str("\\["),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unanchored_search_and_ecma_classes() {
        let p = Patterns::default();
        assert_eq!(p.is_match("uuid", "my-uuid-here"), Some(true));
        assert_eq!(p.is_match("^\\d{3}$", "123"), Some(true));
        assert_eq!(
            p.is_match("^\\d{3}$", "١٢٣"),
            Some(false),
            "ECMA \\d is ASCII"
        );
        assert_eq!(p.is_match("^a\\/b$", "a/b"), Some(true));
        // ECMA's \s has the BOM and no NEL; \S is its complement.
        assert_eq!(p.is_match("^\\s$", "\u{FEFF}"), Some(true));
        assert_eq!(p.is_match("^\\s$", "\u{85}"), Some(false));
        assert_eq!(p.is_match("^\\S$", "\u{FEFF}"), Some(false));
        assert_eq!(p.is_match("^[\\sx]$", "\u{2028}"), Some(true));
        assert_eq!(
            p.is_match("(?<=a)b", "ab"),
            Some(true),
            "look-around through fancy-regex"
        );
        assert_eq!(p.is_match("^(?=x$)x$", "x"), Some(true));
        assert_eq!(
            p.is_match("^\\cC$", "\u{3}"),
            Some(true),
            "ECMA control escapes"
        );
        assert_eq!(p.is_match("(", "x"), None, "not a pattern");
    }

    #[test]
    fn universal_patterns() {
        let p = Patterns::default();
        assert!(p.is_universal("[a-z]*"));
        assert!(p.is_universal(".*"));
        assert!(p.is_universal(""));
        assert!(p.is_universal("^"));
        assert!(!p.is_universal("^$"));
        assert!(!p.is_universal("^.*$"), "`.` does not match a newline");
        assert!(!p.is_universal("a"));
        assert!(!p.is_universal("^[a-z]*$"));
    }

    #[test]
    fn inclusion_of_patterns() {
        let p = Patterns::default();
        assert_eq!(
            p.includes("^[0-9]+(\\.[0-9]{1,2})?$", "^[0-9]+(\\.[0-9]{1,4})?$"),
            Some(Ok(()))
        );
        let Some(Err(w)) = p.includes("^[0-9]+(\\.[0-9]{1,4})?$", "^[0-9]+(\\.[0-9]{1,2})?$")
        else {
            panic!("not included")
        };
        assert_eq!(
            p.is_match("^[0-9]+(\\.[0-9]{1,2})?$", &w),
            Some(false),
            "{w}"
        );
        assert_eq!(
            p.includes("^[A-Z]{3}$", "[A-Z]"),
            Some(Ok(())),
            "unanchored searches"
        );
        assert!(matches!(p.includes("[A-Z]", "^[A-Z]{3}$"), Some(Err(_))));
        assert_eq!(p.includes("^a$", "(?<=x)a"), None, "look-behind has no DFA");
        assert_eq!(p.includes("^(foo|bar)$", "^(foo|bar|baz)$"), Some(Ok(())));
    }

    #[test]
    fn samples_match() {
        let p = Patterns::default();
        for pattern in [
            "^[A-Z]{2}-[0-9]{2}$",
            "^(foo|bar)+$",
            "^INV-[0-9]{6,}$",
            "^S_",
            "x|y",
            "^[a-z]{3}_[0-9A-HJKMNP-TV-Z]{26}$",
        ] {
            let samples = p.samples(pattern);
            assert!(!samples.is_empty(), "{pattern}");
            for s in &samples {
                assert_eq!(p.is_match(pattern, s), Some(true), "{pattern}: {s:?}");
            }
        }
    }
}
