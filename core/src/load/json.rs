//! A JSON parser that records where each node starts (for the source map),
//! refuses duplicate keys, and bounds nesting without recursing, so that no
//! input can overflow the stack. `serde_json` builds the values; it cannot
//! report positions or duplicate keys, and recurses on nesting.

use serde_json::{Map, Number, Value};

use super::limits::{MAX_DEPTH, MAX_NODES};
use super::source_map::{NO_KEY, NodeSpan};

/// A JSON syntax error at a byte offset.
#[derive(Debug)]
pub(crate) struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

pub(crate) struct Parsed {
    pub value: Value,
    pub nodes: Vec<NodeSpan>,
    /// Keys that appeared twice in one object (offset of the later one):
    /// the last value wins, as in serde_json and JavaScript.
    pub duplicates: Vec<(usize, String)>,
}

enum Frame {
    Array {
        items: Vec<Value>,
        node: usize,
    },
    Object {
        members: Members,
        key: String,
        key_offset: usize,
        node: usize,
    },
}

/// An object's members while it is read. Most objects are small: their
/// members are kept in a list (a duplicate found by a scan) and the map is
/// built once, at its exact size, when the object closes; a map grown
/// member by member keeps up to half its room unused.
enum Members {
    Few(Vec<(String, Value)>),
    Many(Map<String, Value>),
}

/// Members kept in a list; past this many, in a map.
const FEW: usize = 16;

impl Members {
    /// Adds a member; for a duplicate key, the earlier member's position
    /// and the key (the earlier member is dropped, the later one appended).
    fn insert(&mut self, name: String, value: Value) -> Option<(usize, String)> {
        match self {
            Members::Few(list) => {
                let earlier = list.iter().position(|(k, _)| *k == name);
                let duplicate = earlier.map(|nth| {
                    list.remove(nth);
                    (nth, name.clone())
                });
                list.push((name, value));
                if list.len() > FEW {
                    *self = Members::Many(std::mem::take(list).into_iter().collect());
                }
                duplicate
            }
            // One hash per member: the entry either takes the value or
            // tells of a duplicate.
            Members::Many(map) => match map.entry(name) {
                serde_json::map::Entry::Vacant(vacant) => {
                    vacant.insert(value);
                    None
                }
                serde_json::map::Entry::Occupied(occupied) => {
                    let name = occupied.key().clone();
                    let nth = map.keys().position(|k| *k == name);
                    map.shift_remove(&name);
                    map.insert(name.clone(), value);
                    nth.map(|nth| (nth, name))
                }
            },
        }
    }

    fn into_map(self) -> Map<String, Value> {
        match self {
            Members::Few(list) => list.into_iter().collect(),
            Members::Many(map) => map,
        }
    }
}

pub(crate) fn parse(text: &str) -> Result<Parsed, SyntaxError> {
    parse_at_most(text, MAX_NODES)
}

/// Parses, refusing a document of more than `max_nodes` values.
fn parse_at_most(text: &str, max_nodes: usize) -> Result<Parsed, SyntaxError> {
    Parser {
        max_nodes,
        text,
        bytes: text.as_bytes(),
        pos: 0,
        nodes: Vec::with_capacity(text.len() / 12),
        duplicates: Vec::new(),
    }
    .parse()
}

struct Parser<'a> {
    max_nodes: usize,
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    nodes: Vec<NodeSpan>,
    duplicates: Vec<(usize, String)>,
}

impl Parser<'_> {
    fn parse(mut self) -> Result<Parsed, SyntaxError> {
        let mut stack: Vec<Frame> = Vec::new();
        let mut key_offset = NO_KEY;
        self.skip_ws();
        if self.pos >= self.bytes.len() {
            return Err(self.error_at(self.pos, "the file is empty"));
        }
        'value: loop {
            let node = self.nodes.len();
            if node >= self.max_nodes {
                return Err(self.error_at(self.pos, &super::limits::too_many_values()));
            }
            self.nodes.push(NodeSpan {
                start: self.pos as u32,
                key: key_offset,
                end: 0,
            });
            let mut value = match self.peek() {
                Some(b'{') => {
                    self.check_depth(stack.len())?;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        Value::Object(Map::new())
                    } else {
                        let (key, offset) = self.member_key()?;
                        key_offset = offset as u32;
                        stack.push(Frame::Object {
                            members: Members::Few(Vec::new()),
                            key,
                            key_offset: offset,
                            node,
                        });
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.check_depth(stack.len())?;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        Value::Array(Vec::new())
                    } else {
                        key_offset = NO_KEY;
                        stack.push(Frame::Array {
                            items: Vec::new(),
                            node,
                        });
                        continue 'value;
                    }
                }
                Some(b'"') => Value::String(self.string()?),
                Some(b't') => self.literal("true", Value::Bool(true))?,
                Some(b'f') => self.literal("false", Value::Bool(false))?,
                Some(b'n') => self.literal("null", Value::Null)?,
                Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
                Some(_) => return Err(self.error_at(self.pos, "expected a JSON value")),
                None => {
                    return Err(self.error_at(self.pos, "unexpected end of file, expected a value"));
                }
            };
            self.close(node);
            // Attach the finished value to its parent, closing every
            // container that ends right after it.
            loop {
                self.skip_ws();
                match stack.last_mut() {
                    None => {
                        if self.pos < self.bytes.len() {
                            return Err(self
                                .error_at(self.pos, "unexpected characters after the JSON value"));
                        }
                        let Parser {
                            nodes, duplicates, ..
                        } = self;
                        return Ok(Parsed {
                            value,
                            nodes,
                            duplicates,
                        });
                    }
                    Some(Frame::Array { items, node }) => {
                        items.push(value);
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_ws();
                                key_offset = NO_KEY;
                                continue 'value;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                let node = *node;
                                let Some(Frame::Array { mut items, .. }) = stack.pop() else {
                                    unreachable!()
                                };
                                self.close(node);
                                // Growth left up to half the room unused: an
                                // array of small numbers held twice its size.
                                items.shrink_to_fit();
                                value = Value::Array(items);
                            }
                            _ => return Err(self.expected("`,` or `]` after an array element")),
                        }
                    }
                    Some(Frame::Object {
                        members,
                        key,
                        key_offset: at,
                        node,
                    }) => {
                        let name = std::mem::take(key);
                        // The later value of a key replaces the earlier
                        // one, and moves to the end, span and all.
                        if let Some(nth) = members.insert(name, value) {
                            self.remove_child(*node, nth.0);
                            self.duplicates.push((*at, nth.1));
                        }
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_ws();
                                let (next, offset) = self.member_key()?;
                                *key = next;
                                *at = offset;
                                key_offset = offset as u32;
                                continue 'value;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                let node = *node;
                                let Some(Frame::Object { members, .. }) = stack.pop() else {
                                    unreachable!()
                                };
                                self.close(node);
                                value = Value::Object(members.into_map());
                            }
                            _ => return Err(self.expected("`,` or `}` after an object member")),
                        }
                    }
                }
            }
        }
    }

    /// Removes the span subtree of the `nth` child of `container`.
    fn remove_child(&mut self, container: usize, nth: usize) {
        let mut start = container + 1;
        for _ in 0..nth {
            start = self.nodes.get(start).map_or(start, |n| n.end as usize);
        }
        let Some(end) = self.nodes.get(start).map(|n| n.end as usize) else {
            return;
        };
        if end <= start || end > self.nodes.len() {
            return;
        }
        self.nodes.drain(start..end);
        let removed = (end - start) as u32;
        for n in self.nodes.iter_mut().skip(start) {
            n.end = n.end.saturating_sub(removed);
        }
    }

    fn close(&mut self, node: usize) {
        let end = self.nodes.len() as u32;
        if let Some(span) = self.nodes.get_mut(node) {
            span.end = end;
        }
    }

    fn check_depth(&self, depth: usize) -> Result<(), SyntaxError> {
        if depth >= MAX_DEPTH {
            return Err(self.error_at(self.pos, &format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    /// Reads `"key"` and the `:` after it; returns the key and its offset.
    fn member_key(&mut self) -> Result<(String, usize), SyntaxError> {
        if self.peek() != Some(b'"') {
            return Err(self.expected("a string key"));
        }
        let offset = self.pos;
        let key = self.string()?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.expected("`:` after an object key"));
        }
        self.pos += 1;
        self.skip_ws();
        Ok((key, offset))
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error_at(self.pos, "expected a JSON value"))
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = self.bytes.get(self.pos..).unwrap_or_default();
            let Some(stop) = memchr::memchr2(b'"', b'\\', rest) else {
                return Err(self.error_at(open, "unterminated string"));
            };
            let chunk_end = self.pos + stop;
            if let Some(bad) = rest
                .get(..stop)
                .and_then(|c| c.iter().position(|&b| b < 0x20))
            {
                return Err(
                    self.error_at(self.pos + bad, "control character in a string (escape it)")
                );
            }
            // Both ends are ASCII, so they are character boundaries.
            out.push_str(self.text.get(self.pos..chunk_end).unwrap_or_default());
            self.pos = chunk_end + 1;
            if self.bytes.get(chunk_end) == Some(&b'"') {
                return Ok(out);
            }
            self.escape(&mut out)?;
        }
    }

    /// Decodes one escape; `pos` is just after the backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let at = self.pos - 1;
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let high = self.hex4(at)?;
                let c = if (0xD800..0xDC00).contains(&high) {
                    if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                        return Err(self.error_at(at, "unpaired surrogate in a \\u escape"));
                    }
                    self.pos += 2;
                    let low = self.hex4(at)?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.error_at(at, "unpaired surrogate in a \\u escape"));
                    }
                    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                } else {
                    char::from_u32(high)
                };
                out.push(c.ok_or_else(|| self.error_at(at, "unpaired surrogate in a \\u escape"))?);
                return Ok(());
            }
            _ => return Err(self.error_at(at, "invalid escape in a string")),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self, at: usize) -> Result<u32, SyntaxError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        let value = digits.and_then(|d| u32::from_str_radix(d, 16).ok());
        let value = value.ok_or_else(|| self.error_at(at, "invalid \\u escape"))?;
        self.pos += 4;
        Ok(value)
    }

    fn number(&mut self) -> Result<Number, SyntaxError> {
        let start = self.pos;
        let invalid = |p: &Self| p.error_at(start, "invalid number");
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(invalid(self)),
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            integer = false;
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(invalid(self));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            integer = false;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(invalid(self));
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'0'..=b'9')) {
            // A leading zero followed by digits ("01").
            return Err(invalid(self));
        }
        let literal = self.text.get(start..self.pos).unwrap_or_default();
        number_from_literal(literal, integer)
            .ok_or_else(|| self.error_at(start, "number out of range"))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn expected(&self, what: &str) -> SyntaxError {
        if self.pos >= self.bytes.len() {
            self.error_at(
                self.pos,
                &format!("unexpected end of file, expected {what}"),
            )
        } else {
            self.error_at(self.pos, &format!("expected {what}"))
        }
    }

    fn error_at(&self, offset: usize, message: &str) -> SyntaxError {
        SyntaxError {
            offset,
            message: message.to_owned(),
        }
    }
}

/// A JSON number from its literal: integers stay exact where they fit 64
/// bits, everything else becomes a finite `f64`.
pub(crate) fn number_from_literal(literal: &str, integer: bool) -> Option<Number> {
    // serde_json reads `-0` as the float -0.0; so does accord.
    if integer && literal != "-0" {
        if literal.starts_with('-') {
            if let Ok(i) = literal.parse::<i64>() {
                return Some(Number::from(i));
            }
        } else if let Ok(u) = literal.parse::<u64>() {
            return Some(Number::from(u));
        }
    }
    literal.parse::<f64>().ok().and_then(Number::from_f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(text: &str) -> Value {
        parse(text)
            .map(|p| p.value)
            .unwrap_or_else(|e| panic!("{text}: {}", e.message))
    }

    fn err(text: &str) -> (usize, String) {
        match parse(text) {
            Ok(_) => panic!("{text} parsed"),
            Err(e) => (e.offset, e.message),
        }
    }

    #[test]
    fn agrees_with_serde_json() {
        let samples = [
            r#"{"a": [1, -2, 3.5, 1e3, -0, 0.0, 18446744073709551615, -9223372036854775808], "b": {"c": null, "d": true, "e": false}}"#,
            r#"["\"\\\/\b\f\n\r\t", "\u00e9\ud83d\ude00", "plain", ""]"#,
            r#"  {"nested": [[[]], {}, [{}]]}  "#,
            "123456789012345678901234567890",
            "\"ü\"",
        ];
        for s in samples {
            assert_eq!(ok(s), serde_json::from_str::<Value>(s).unwrap(), "{s}");
        }
    }

    #[test]
    fn keeps_key_order() {
        let v = ok(r#"{"z": 1, "a": 2, "m": 3}"#);
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["z", "a", "m"]);
    }

    #[test]
    fn records_a_span_per_node_in_document_order() {
        let text = r#"{"a": [10, {"b": 2}], "c": 3}"#;
        let parsed = parse(text).unwrap();
        let starts: Vec<_> = parsed
            .nodes
            .iter()
            .map(|n| &text[n.start as usize..n.start as usize + 1])
            .collect();
        assert_eq!(starts, ["{", "[", "1", "{", "2", "3"]);
        let ends: Vec<_> = parsed.nodes.iter().map(|n| n.end).collect();
        assert_eq!(ends, [6, 5, 3, 5, 5, 6]);
        let keys: Vec<_> = parsed.nodes.iter().map(|n| n.key).collect();
        assert_eq!(keys, [NO_KEY, 1, NO_KEY, NO_KEY, 12, 22]);
    }

    #[test]
    fn a_wide_object_keeps_order_and_the_last_duplicate() {
        // Past 16 members an object is read into a map, not a list: the
        // same order, the same duplicate rule, the same spans.
        let members: Vec<String> = (0..20).map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!("{{{}, \"k3\": [7]}}", members.join(", "));
        let parsed = parse(&text).unwrap();
        let keys: Vec<&String> = parsed.value.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 20);
        assert_eq!(keys.last().map(|k| k.as_str()), Some("k3"));
        assert_eq!(keys.get(3).map(|k| k.as_str()), Some("k4"));
        assert_eq!(parsed.value["k3"], serde_json::json!([7]));
        assert_eq!(parsed.duplicates.len(), 1);
        // The root, 19 members left of the first 20, `[7]` and its `7`.
        assert_eq!(parsed.nodes.len(), 22);
        assert_eq!(parsed.nodes.first().map(|n| n.end), Some(22));
    }

    #[test]
    fn a_document_past_the_value_bound_is_refused_where_it_is_reached() {
        // Five values: the array and its four numbers.
        let text = "[1, 2, 3, 4]";
        assert!(parse_at_most(text, 5).is_ok());
        let refused = parse_at_most(text, 4).err().unwrap();
        assert_eq!(refused.offset, 10, "at the fifth value, `4`");
        assert!(
            refused.message.contains("too large to hold in memory"),
            "{}",
            refused.message
        );
    }

    #[test]
    fn refuses_what_json_forbids() {
        let dup = parse(r#"{"a": 1, "b": [3], "a": {"c": 2}}"#).unwrap();
        assert_eq!(dup.value, serde_json::json!({"b": [3], "a": {"c": 2}}));
        assert_eq!(dup.duplicates, [(19, "a".to_owned())]);
        // The spans follow: root, [3], 3, {c}, 2 (the first `a` is gone).
        let ends: Vec<_> = dup.nodes.iter().map(|n| n.end).collect();
        assert_eq!(ends, [5, 3, 3, 5, 5]);
        let text = r#"{"a": 1, "b": [3], "a": {"c": 2}}"#;
        let map = super::super::source_map::SourceMap::new(dup.nodes, text);
        let at = |p: &str| {
            map.locate(
                text,
                &dup.value,
                &crate::model::pointer::JsonPointer::parse(p).unwrap(),
            )
        };
        assert_eq!(at("/a/c").map(|p| p.column), Some(26));
        assert_eq!(at("/b/0").map(|p| p.column), Some(16));
        assert_eq!(err("[1, 2,]").1, "expected a JSON value");
        assert_eq!(err("[1 2]").1, "expected `,` or `]` after an array element");
        assert_eq!(err("{\"a\" 1}").1, "expected `:` after an object key");
        assert_eq!(
            err("{\"a\": 1").1,
            "unexpected end of file, expected `,` or `}` after an object member"
        );
        assert_eq!(err("01").1, "invalid number");
        assert_eq!(err("1.").1, "invalid number");
        assert_eq!(err("-").1, "invalid number");
        assert_eq!(err("1e999").1, "number out of range");
        assert_eq!(
            err("\"a\u{1}\"").1,
            "control character in a string (escape it)"
        );
        assert_eq!(err(r#""\x""#).1, "invalid escape in a string");
        assert_eq!(err(r#""\ud800""#).1, "unpaired surrogate in a \\u escape");
        assert_eq!(err("\"abc").1, "unterminated string");
        assert_eq!(err("tru").1, "expected a JSON value");
        assert_eq!(err("{} {}").1, "unexpected characters after the JSON value");
        assert_eq!(err("  ").1, "the file is empty");
        assert_eq!(err("{'a': 1}").1, "expected a string key");
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let deep = "[".repeat(20_000) + &"]".repeat(20_000);
        let (offset, message) = err(&deep);
        assert_eq!(offset, MAX_DEPTH);
        assert!(message.starts_with("nesting deeper than"), "{message}");
        let fine = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&fine).is_ok());
    }

    #[test]
    fn integers_and_floats() {
        assert_eq!(ok("-12"), json!(-12));
        assert!(ok("2.5").is_f64());
        assert!(ok("99999999999999999999").is_f64());
    }
}
