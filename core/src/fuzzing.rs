//! What the fuzzers exercise, shared by the cargo-fuzz targets (`fuzz/`)
//! and the seeded mutation test that runs on stable Rust (`tests/mutants.rs`):
//! loading a document (JSON or YAML), resolving `$ref`s across files held in
//! memory, comparing two documents both ways and linting them. Every entry
//! point takes arbitrary bytes and must return, whatever they are; errors
//! are the expected outcome for most inputs and are dropped.
//!
//! [`Mutator`] turns seed documents into hostile variants, deterministically
//! from a seed: huge and negative numbers, `$ref`s to anywhere, nesting,
//! deleted and duplicated members, and raw byte damage.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::config::LintSettings;
use crate::diff::{DiffOptions, Mode};
use crate::load::{Contract, Document, Error, Files};
use crate::model::date::Date;

/// Separates the documents of one input (`refs`, `diff`).
pub const SEPARATOR: &[u8] = b"\n%%%%\n";

/// Documents held in memory, for `$ref`s between them.
pub struct MemoryFiles {
    files: HashMap<PathBuf, Vec<u8>>,
}

impl MemoryFiles {
    pub fn new(files: impl IntoIterator<Item = (PathBuf, Vec<u8>)>) -> Self {
        Self {
            files: files.into_iter().collect(),
        }
    }
}

impl Files for MemoryFiles {
    fn read(&mut self, path: &Path) -> Result<Option<Document>, Error> {
        match self.files.get(path) {
            Some(bytes) => Document::parse(path.to_path_buf(), bytes.clone()).map(Some),
            None => Ok(None),
        }
    }

    fn schema_files(&mut self, dir: &Path) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self
            .files
            .keys()
            .filter(|p| p.parent() == Some(dir))
            .cloned()
            .collect();
        out.sort();
        out
    }
}

/// The names the documents of one input take: `$ref`s in the seeds and
/// mutants point at them.
const NAMES: [&str; 4] = ["api.yaml", "common.json", "schemas/a.yaml", "b.json"];

fn documents(input: &[u8]) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut rest = input;
    for name in NAMES {
        let (part, next) = match find(rest, SEPARATOR) {
            Some(at) => (
                rest.get(..at).unwrap_or_default(),
                rest.get(at + SEPARATOR.len()..).unwrap_or_default(),
            ),
            None => (rest, &[][..]),
        };
        out.push((Path::new("/fuzz").join(name), part.to_vec()));
        rest = next;
        if rest.is_empty() {
            break;
        }
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Parses `input` as a document named `name` (the extension picks JSON or
/// YAML), then as a contract with no other files.
pub fn load(name: &str, input: &[u8]) {
    let Ok(doc) = Document::parse(PathBuf::from(name), input.to_vec()) else {
        return;
    };
    let _ = Contract::from_root(doc, &mut MemoryFiles::new([]));
}

/// The documents of `input` (split at [`SEPARATOR`]) as one contract whose
/// root is the first: every `$ref` between them resolved, then linted.
pub fn refs(input: &[u8]) {
    if let Some(contract) = contract(documents(input)) {
        lint(&contract);
    }
}

fn contract(mut docs: Vec<(PathBuf, Vec<u8>)>) -> Option<Contract> {
    if docs.is_empty() {
        return None;
    }
    let (path, bytes) = docs.remove(0);
    let root = Document::parse(path, bytes).ok()?;
    Contract::from_root(root, &mut MemoryFiles::new(docs)).ok()
}

fn lint(contract: &Contract) {
    let settings = LintSettings::default();
    let _ = crate::lint::contract(crate::lint::Context::alone(&settings), contract);
}

/// Two documents (split at the first [`SEPARATOR`]) compared both ways,
/// under every mode.
pub fn diff(input: &[u8]) {
    let (a, b) = match find(input, SEPARATOR) {
        Some(at) => (
            input.get(..at).unwrap_or_default(),
            input.get(at + SEPARATOR.len()..).unwrap_or_default(),
        ),
        None => (input, input),
    };
    diff_pair(a, b);
}

/// `base` → `revision` and back, under every mode, and each linted.
pub fn diff_pair(base: &[u8], revision: &[u8]) {
    let name = |bytes: &[u8]| {
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
            "/fuzz/api.json"
        } else {
            "/fuzz/api.yaml"
        }
    };
    let load = |bytes: &[u8]| {
        let doc = Document::parse(PathBuf::from(name(bytes)), bytes.to_vec()).ok()?;
        Contract::from_root(doc, &mut MemoryFiles::new([])).ok()
    };
    let (Some(a), Some(b)) = (load(base), load(revision)) else {
        return;
    };
    let options = DiffOptions {
        today: Date::parse("2026-01-01").unwrap_or_else(Date::today),
        ..DiffOptions::default()
    };
    for mode in [Mode::Backward, Mode::Forward, Mode::Full] {
        let _ = crate::compare::contracts(&a, &b, mode, &options);
        let _ = crate::compare::contracts(&b, &a, mode, &options);
    }
    lint(&a);
    lint(&b);
}

/// A small, fast, seeded generator (xorshift64*): the same seed gives the
/// same mutants on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// Values that have broken schema tools: the limits of integer types,
/// magnitudes no witness can be built for, invalid counts.
const HOSTILE_NUMBERS: &[&str] = &[
    "2147483647",
    "4294967296",
    "9007199254740993",
    "18446744073709551616",
    "12345678901234567890123",
    "1e300",
    "1e308",
    "-1e308",
    "5e-324",
    "-1",
    "0",
    "0.1",
    "2.5",
];

/// Keywords whose values the mutator likes to change.
const KEYWORDS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "minContains",
    "maxContains",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "pattern",
    "type",
    "enum",
    "required",
    "$ref",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "contains",
    "uniqueItems",
    "const",
    "format",
    "nullable",
    "discriminator",
];

/// Turns seed documents into hostile variants.
pub struct Mutator {
    pub rng: Rng,
}

impl Mutator {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: Rng::new(seed),
        }
    }

    /// A mutant of `seed` (a parsed document): a few structural edits, and
    /// now and then damage to the serialised bytes.
    pub fn mutate(&mut self, seed: &Value, yaml: bool) -> Vec<u8> {
        let mut value = seed.clone();
        let pointers = pointers(&value);
        for _ in 0..1 + self.rng.below(4) {
            self.edit(&mut value, &pointers);
        }
        let mut bytes = if yaml {
            crate::fixtures::yaml_out::to_yaml(&value).into_bytes()
        } else {
            serde_json::to_vec_pretty(&value).unwrap_or_default()
        };
        // Hostile numbers are written as text: JSON values cannot hold them.
        if !bytes.is_empty() && self.rng.below(3) == 0 {
            bytes = self.number_text(&bytes);
        }
        if self.rng.below(8) == 0 {
            self.damage(&mut bytes);
        }
        bytes
    }

    fn edit(&mut self, value: &mut Value, pointers: &[String]) {
        let Some(at) = self.rng.pick(pointers).cloned() else {
            return;
        };
        let other = self.rng.pick(pointers).cloned().unwrap_or_default();
        let copy = value.pointer(&other).cloned().unwrap_or(Value::Null);
        let Some(target) = value.pointer_mut(&at) else {
            return;
        };
        match self.rng.below(9) {
            // A keyword with a hostile value.
            0 | 1 => {
                if let Value::Object(map) = target {
                    let keyword = self.rng.pick(KEYWORDS).copied().unwrap_or("type");
                    let number = self.rng.pick(HOSTILE_NUMBERS).copied().unwrap_or("0");
                    let v = serde_json::from_str(number).unwrap_or(Value::Null);
                    map.insert(keyword.to_owned(), v);
                }
            }
            // A `$ref` to another place, a file, or nowhere.
            2 => {
                let reference = match self.rng.below(5) {
                    0 => format!("#{other}"),
                    1 => "common.json#/definitions/x".to_owned(),
                    2 => "schemas/a.yaml".to_owned(),
                    3 => "#/nowhere".to_owned(),
                    _ => "#".to_owned(),
                };
                *target = serde_json::json!({ "$ref": reference });
            }
            // A member removed.
            3 => {
                if let Value::Object(map) = target {
                    let keys: Vec<String> = map.keys().cloned().collect();
                    if let Some(k) = self.rng.pick(&keys) {
                        map.remove(k);
                    }
                }
            }
            // Another subtree copied here.
            4 => *target = copy,
            // Nesting.
            5 => {
                let depth = 1 + self.rng.below(64);
                let mut nested = std::mem::take(target);
                for _ in 0..depth {
                    nested = serde_json::json!({ "allOf": [nested] });
                }
                *target = nested;
            }
            // A type swapped.
            6 => {
                *target = match target {
                    Value::Object(_) => Value::Array(vec![Value::Null]),
                    Value::Array(_) => Value::String("x".to_owned()),
                    Value::String(_) => Value::from(-1),
                    Value::Number(_) => Value::Bool(true),
                    Value::Bool(_) | Value::Null => Value::Object(Map::new()),
                }
            }
            // A long array or a long string.
            7 => {
                let n = 1 + self.rng.below(2_000);
                *target = match self.rng.below(2) {
                    0 => Value::Array((0..n).map(|i| Value::from(i as u64)).collect()),
                    _ => Value::String("ab".repeat(n)),
                };
            }
            // A combinator of many branches.
            _ => {
                let n = 2 + self.rng.below(200);
                let branches: Vec<Value> = (0..n)
                    .map(|i| serde_json::json!({ "type": "object", "required": [format!("p{i}")] }))
                    .collect();
                *target = serde_json::json!({ "oneOf": branches });
            }
        }
    }

    /// A number of the text replaced by a hostile one, as text.
    fn number_text(&mut self, bytes: &[u8]) -> Vec<u8> {
        let digits: Vec<usize> = bytes
            .iter()
            .enumerate()
            .filter(|(i, b)| {
                b.is_ascii_digit() && (*i == 0 || !bytes.get(i - 1).is_some_and(u8::is_ascii_digit))
            })
            .map(|(i, _)| i)
            .collect();
        let Some(&start) = self.rng.pick(&digits) else {
            return bytes.to_vec();
        };
        let end = bytes
            .iter()
            .skip(start)
            .position(|b| !b.is_ascii_digit())
            .map_or(bytes.len(), |n| start + n);
        let number = self.rng.pick(HOSTILE_NUMBERS).copied().unwrap_or("0");
        let mut out = bytes.get(..start).unwrap_or_default().to_vec();
        out.extend_from_slice(number.as_bytes());
        out.extend_from_slice(bytes.get(end..).unwrap_or_default());
        out
    }

    /// Bytes flipped, cut, or repeated.
    fn damage(&mut self, bytes: &mut Vec<u8>) {
        if bytes.is_empty() {
            return;
        }
        match self.rng.below(4) {
            0 => {
                let at = self.rng.below(bytes.len());
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 1 << self.rng.below(8);
                }
            }
            1 => bytes.truncate(self.rng.below(bytes.len())),
            2 => {
                let at = self.rng.below(bytes.len());
                let len = self.rng.below(64).min(bytes.len() - at);
                let chunk: Vec<u8> = bytes.get(at..at + len).unwrap_or_default().to_vec();
                for _ in 0..self.rng.below(16) {
                    bytes.splice(at..at, chunk.iter().copied());
                }
            }
            _ => {
                let at = self.rng.below(bytes.len());
                let junk: &[u8] = self
                    .rng
                    .pick(&[
                        &b"\xff\xfe"[..],
                        b"&a [*a, *a]",
                        b"{{{{",
                        b"\x00",
                        b"\"\\u0000\"",
                    ])
                    .copied()
                    .unwrap_or_default();
                bytes.splice(at..at, junk.iter().copied());
            }
        }
    }
}

/// Every JSON pointer of `value` (objects and arrays first-class), in
/// document order.
pub fn pointers(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, &Value)> = vec![(String::new(), value)];
    while let Some((at, v)) = stack.pop() {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let token = k.replace('~', "~0").replace('/', "~1");
                    stack.push((format!("{at}/{token}"), child));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    stack.push((format!("{at}/{i}"), child));
                }
            }
            _ => {}
        }
        out.push(at);
    }
    out
}
