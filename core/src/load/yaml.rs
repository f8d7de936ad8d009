//! YAML 1.2 into the same values and source map as JSON.
//!
//! Events come from `saphyr-parser` with line and column for every node.
//! Plain scalars resolve by the YAML 1.2 core schema (so `2024-01-31` and
//! `yes` stay strings, as in the Xero specs); quoted ones are strings.
//! Keys are strings: a plain `200:` under `responses` is the key "200".
//! Aliases expand within a node budget (alias bombs are refused), `<<` merge
//! keys are honoured, and duplicate keys are an error, as YAML requires.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};
use serde_json::{Map, Value};

use super::json::number_from_literal;
use super::limits::{MAX_ALIAS_NODES, MAX_DEPTH, MAX_NODES};
use super::source_map::{NO_KEY, NodeSpan, relocate};

/// A YAML error at a 1-based line and column.
#[derive(Debug)]
pub(crate) struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

pub(crate) struct Parsed {
    pub value: Value,
    pub nodes: Vec<NodeSpan>,
}

pub(crate) fn parse(text: &str) -> Result<Parsed, SyntaxError> {
    parse_at_most(text, MAX_NODES)
}

/// Parses, refusing a document of more than `max_nodes` values.
fn parse_at_most(text: &str, max_nodes: usize) -> Result<Parsed, SyntaxError> {
    let mut builder = Builder::new(text);
    builder.max_nodes = max_nodes;
    builder.run()
}

/// What a mapping holds while it is being read.
struct MappingFrame {
    map: Map<String, Value>,
    node: usize,
    anchor: usize,
    /// The key waiting for its value, with its offset and whether it is `<<`.
    key: Option<(String, u32, bool)>,
    /// The `<<` values, merged when the mapping ends.
    merges: Vec<Value>,
    /// Whether each child subtree (in order) is a merge source.
    child_is_merge: Vec<bool>,
}

enum Frame {
    Sequence {
        items: Vec<Value>,
        node: usize,
        anchor: usize,
    },
    Mapping(Box<MappingFrame>),
}

/// A finished anchored node: its value and its span subtree.
struct Anchored {
    value: Value,
    nodes: Vec<NodeSpan>,
    base: usize,
}

struct Builder<'t> {
    text: &'t str,
    ascii: bool,
    line_starts: Vec<u32>,
    nodes: Vec<NodeSpan>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    alias_nodes: usize,
    max_nodes: usize,
    root: Option<Value>,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            ascii: text.is_ascii(),
            line_starts: super::source_map::line_starts(text),
            nodes: Vec::with_capacity(text.len() / 16),
            stack: Vec::new(),
            anchors: HashMap::new(),
            alias_nodes: 0,
            max_nodes: MAX_NODES,
            root: None,
        }
    }

    fn run(mut self) -> Result<Parsed, SyntaxError> {
        let mut parser = Parser::new_from_str(self.text);
        let mut documents = 0;
        while let Some(event) = parser.next_event() {
            let (event, span) = event.map_err(scan_error)?;
            match event {
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        return Err(self.error(span, "more than one YAML document in the file"));
                    }
                }
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
                Event::Scalar(text, style, anchor, tag) => {
                    let is_key = self.expects_key();
                    if is_key {
                        let key = text.into_owned();
                        let merge = style == ScalarStyle::Plain && key == "<<" && tag.is_none();
                        self.set_key(key, span, merge)?;
                    } else {
                        let tag = tag.as_ref().map(|t| (t.handle.as_str(), t.suffix.as_str()));
                        let value = scalar(&text, style, tag).map_err(|m| self.error(span, &m))?;
                        let node = self.open_node(span)?;
                        self.close_node(node);
                        self.remember(anchor, node, &value);
                        self.attach(value, span)?;
                    }
                }
                Event::SequenceStart(anchor, _) => {
                    self.check_depth(span)?;
                    let node = self.open_node(span)?;
                    self.stack.push(Frame::Sequence {
                        items: Vec::new(),
                        node,
                        anchor,
                    });
                }
                Event::MappingStart(anchor, _) => {
                    self.check_depth(span)?;
                    let node = self.open_node(span)?;
                    self.stack.push(Frame::Mapping(Box::new(MappingFrame {
                        map: Map::new(),
                        node,
                        anchor,
                        key: None,
                        merges: Vec::new(),
                        child_is_merge: Vec::new(),
                    })));
                }
                Event::SequenceEnd => {
                    let Some(Frame::Sequence {
                        items,
                        node,
                        anchor,
                    }) = self.stack.pop()
                    else {
                        return Err(self.error(span, "unbalanced sequence"));
                    };
                    self.close_node(node);
                    let value = Value::Array(items);
                    self.remember(anchor, node, &value);
                    self.attach(value, span)?;
                }
                Event::MappingEnd => {
                    let Some(Frame::Mapping(frame)) = self.stack.pop() else {
                        return Err(self.error(span, "unbalanced mapping"));
                    };
                    let (node, anchor) = (frame.node, frame.anchor);
                    let value = self.finish_mapping(*frame, span)?;
                    self.remember(anchor, node, &value);
                    self.attach(value, span)?;
                }
                Event::Alias(id) => self.alias(id, span)?,
            }
        }
        let value = self.root.take().unwrap_or(Value::Null);
        Ok(Parsed {
            value,
            nodes: self.nodes,
        })
    }

    fn expects_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Mapping(m)) if m.key.is_none())
    }

    fn set_key(&mut self, key: String, span: Span, merge: bool) -> Result<(), SyntaxError> {
        let offset = self.offset(span) as u32;
        let Some(Frame::Mapping(frame)) = self.stack.last_mut() else {
            return Ok(());
        };
        if !merge && frame.map.contains_key(&key) {
            return Err(self.error(span, &format!("duplicate key `{key}`")));
        }
        if let Some(Frame::Mapping(frame)) = self.stack.last_mut() {
            frame.key = Some((key, offset, merge));
        }
        Ok(())
    }

    fn check_depth(&self, span: Span) -> Result<(), SyntaxError> {
        if self.expects_key() {
            return Err(self.error(
                span,
                "complex mapping keys (a mapping or sequence as a key) are not supported",
            ));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error(span, &format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    /// Pushes the span of a node that starts here; a mapping member takes the
    /// key offset its parent is holding.
    fn open_node(&mut self, span: Span) -> Result<usize, SyntaxError> {
        if self.nodes.len() >= self.max_nodes {
            return Err(self.error(span, &super::limits::too_many_values()));
        }
        let key = match self.stack.last() {
            Some(Frame::Mapping(m)) => m.key.as_ref().map_or(NO_KEY, |k| k.1),
            _ => NO_KEY,
        };
        let node = self.nodes.len();
        self.nodes.push(NodeSpan {
            start: self.offset(span) as u32,
            key,
            end: 0,
        });
        Ok(node)
    }

    fn close_node(&mut self, node: usize) {
        let end = self.nodes.len() as u32;
        if let Some(span) = self.nodes.get_mut(node) {
            span.end = end;
        }
    }

    fn remember(&mut self, anchor: usize, node: usize, value: &Value) {
        if anchor > 0 {
            let nodes = self.nodes.get(node..).unwrap_or_default().to_vec();
            self.anchors.insert(
                anchor,
                Anchored {
                    value: value.clone(),
                    nodes,
                    base: node,
                },
            );
        }
    }

    fn alias(&mut self, id: usize, span: Span) -> Result<(), SyntaxError> {
        let Some(anchored) = self.anchors.get(&id) else {
            return Err(self.error(span, "alias to an anchor that is not defined yet"));
        };
        self.alias_nodes += anchored.nodes.len();
        if self.alias_nodes > MAX_ALIAS_NODES {
            return Err(self.error(
                span,
                &format!(
                    "aliases expand to more than {MAX_ALIAS_NODES} nodes (a YAML alias bomb?)"
                ),
            ));
        }
        if self.expects_key() {
            let Some(key) = anchored.value.as_str().map(str::to_owned) else {
                return Err(self.error(span, "an alias used as a key must name a string"));
            };
            return self.set_key(key, span, false);
        }
        let value = anchored.value.clone();
        // The copy points at the anchored nodes' own lines; its root at the alias.
        let key = match self.stack.last() {
            Some(Frame::Mapping(m)) => m.key.as_ref().map_or(NO_KEY, |k| k.1),
            _ => NO_KEY,
        };
        let new_base = self.nodes.len();
        let copied: Vec<NodeSpan> =
            relocate(&anchored.nodes, anchored.base, new_base, key).collect();
        self.nodes.extend(copied);
        let start = self.offset(span) as u32;
        if let Some(first) = self.nodes.get_mut(new_base) {
            first.start = start;
        }
        self.attach(value, span)
    }

    fn attach(&mut self, value: Value, span: Span) -> Result<(), SyntaxError> {
        match self.stack.last_mut() {
            None => {
                self.root = Some(value);
                Ok(())
            }
            Some(Frame::Sequence { items, .. }) => {
                items.push(value);
                Ok(())
            }
            Some(Frame::Mapping(frame)) => {
                let Some((key, _, merge)) = frame.key.take() else {
                    return Err(self.error(span, "a mapping value without a key"));
                };
                frame.child_is_merge.push(merge);
                if merge {
                    frame.merges.push(value);
                } else {
                    frame.map.insert(key, value);
                }
                Ok(())
            }
        }
    }

    /// Closes a mapping, applying `<<` merge keys: explicit keys win, merged
    /// ones are appended in order. The span list is rebuilt to match.
    fn finish_mapping(&mut self, frame: MappingFrame, span: Span) -> Result<Value, SyntaxError> {
        let MappingFrame {
            mut map,
            node,
            merges,
            child_is_merge,
            ..
        } = frame;
        if merges.is_empty() {
            self.close_node(node);
            return Ok(Value::Object(map));
        }
        // Split the children's subtrees off the span list.
        let first_child = node + 1;
        let tail: Vec<NodeSpan> = self.nodes.drain(first_child..).collect();
        let mut subtrees: Vec<(usize, usize)> = Vec::new();
        let mut at = 0;
        while let Some(n) = tail.get(at) {
            let end = n.end as usize - first_child;
            subtrees.push((at, end));
            at = end;
        }
        let mut explicit = Vec::new();
        let mut sources = Vec::new();
        for (&(from, to), &is_merge) in subtrees.iter().zip(&child_is_merge) {
            if is_merge {
                sources.push((from, to))
            } else {
                explicit.push((from, to))
            }
        }
        for &(from, to) in &explicit {
            let base = self.nodes.len();
            let copied: Vec<_> = relocate(
                tail.get(from..to).unwrap_or_default(),
                first_child + from,
                base,
                tail.get(from).map_or(NO_KEY, |n| n.key),
            )
            .collect();
            self.nodes.extend(copied);
        }
        // Each merge source is a mapping or a sequence of mappings.
        for (source, &(from, to)) in merges.iter().zip(&sources) {
            let mappings: Vec<(&Map<String, Value>, usize)> = match source {
                Value::Object(m) => vec![(m, from)],
                Value::Array(items) => {
                    let mut out = Vec::new();
                    let mut child = from + 1;
                    for item in items {
                        let Value::Object(m) = item else {
                            return Err(self.error(span, "`<<` merges only mappings"));
                        };
                        out.push((m, child));
                        child = tail.get(child).map_or(to, |n| n.end as usize - first_child);
                    }
                    out
                }
                _ => return Err(self.error(span, "`<<` merges only mappings")),
            };
            for (source_map, source_node) in mappings {
                let mut child = source_node + 1;
                for (key, value) in source_map {
                    let end = tail
                        .get(child)
                        .map_or(child, |n| n.end as usize - first_child);
                    if !map.contains_key(key) {
                        map.insert(key.clone(), value.clone());
                        let base = self.nodes.len();
                        let subtree = tail.get(child..end).unwrap_or_default();
                        let key_at = subtree.first().map_or(NO_KEY, |n| n.key);
                        let copied: Vec<_> =
                            relocate(subtree, first_child + child, base, key_at).collect();
                        self.nodes.extend(copied);
                    }
                    child = end;
                }
            }
        }
        self.close_node(node);
        Ok(Value::Object(map))
    }

    /// The byte offset of a span's start.
    fn offset(&self, span: Span) -> usize {
        if self.ascii {
            return span.start.index();
        }
        let line = span.start.line().max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0) as usize;
        let rest = self.text.get(start..).unwrap_or_default();
        start
            + rest
                .char_indices()
                .nth(span.start.col())
                .map_or(rest.len(), |(i, _)| i)
    }

    fn error(&self, span: Span, message: &str) -> SyntaxError {
        SyntaxError {
            line: span.start.line(),
            column: span.start.col() + 1,
            message: message.to_owned(),
        }
    }
}

fn scan_error(e: ScanError) -> SyntaxError {
    let marker = e.marker();
    let message = match e.info() {
        // saphyr counts flow nesting in a byte.
        "recursion limit exceeded" => {
            "nesting deeper than 255 levels of `[…]`/`{…}` (flow style)".to_owned()
        }
        info => info.to_owned(),
    };
    SyntaxError {
        line: marker.line(),
        column: marker.col() + 1,
        message,
    }
}

/// Resolves a scalar by the YAML 1.2 core schema.
fn scalar(text: &str, style: ScalarStyle, tag: Option<(&str, &str)>) -> Result<Value, String> {
    match tag {
        Some(("tag:yaml.org,2002:" | "!!", suffix)) => {
            return match suffix {
                "str" => Ok(Value::String(text.to_owned())),
                "null" => Ok(Value::Null),
                "bool" => core_scalar(text)
                    .filter(Value::is_boolean)
                    .ok_or_else(|| format!("`{text}` is not a boolean")),
                "int" | "float" => core_scalar(text)
                    .filter(Value::is_number)
                    .ok_or_else(|| format!("`{text}` is not a number")),
                _ => Ok(Value::String(text.to_owned())),
            };
        }
        Some(_) => return Ok(Value::String(text.to_owned())),
        None => {}
    }
    if style != ScalarStyle::Plain {
        return Ok(Value::String(text.to_owned()));
    }
    Ok(core_scalar(text).unwrap_or_else(|| Value::String(text.to_owned())))
}

/// The core schema's null, bool, int and float forms; `None` for a string.
fn core_scalar(text: &str) -> Option<Value> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let first = text.as_bytes().first()?;
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return None;
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return u64::from_str_radix(hex, 16).ok().map(Value::from);
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return u64::from_str_radix(oct, 8).ok().map(Value::from);
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if unsigned.bytes().all(|b| b.is_ascii_digit()) && !unsigned.is_empty() {
        let literal = text.strip_prefix('+').unwrap_or(text);
        return number_from_literal(literal, true).map(Value::Number);
    }
    if matches!(
        unsigned,
        ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN"
    ) {
        // JSON has no infinities or NaN; keep the text.
        return None;
    }
    is_core_float(unsigned)
        .then(|| text.strip_prefix('+').unwrap_or(text))
        .and_then(|literal| number_from_literal(literal, false))
        .map(Value::Number)
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` (core schema float).
fn is_core_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match frac {
        Some(f) => digits(int) && digits(f) && !(int.is_empty() && f.is_empty()),
        None => !int.is_empty() && digits(int),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(text: &str) -> Value {
        parse(text)
            .map(|p| p.value)
            .unwrap_or_else(|e| panic!("{text}: {}:{} {}", e.line, e.column, e.message))
    }

    fn err(text: &str) -> SyntaxError {
        match parse(text) {
            Ok(p) => panic!("{text} parsed as {}", p.value),
            Err(e) => e,
        }
    }

    #[test]
    fn a_document_past_the_value_bound_is_refused_where_it_is_reached() {
        // Five values: the sequence and its four items.
        let text = "- 1\n- 2\n- 3\n- 4\n";
        assert!(parse_at_most(text, 5).is_ok());
        let refused = parse_at_most(text, 4).err().unwrap();
        assert_eq!((refused.line, refused.column), (4, 3), "at `4`");
        assert!(refused.message.contains("too large to hold in memory"));
    }

    #[test]
    fn core_schema_scalars() {
        let v = ok(
            "a: 1\nb: -2.5\nc: true\nd: ~\ne: 2024-01-31\nf: yes\ng: '1'\nh: 0x1F\ni: 1e3\nj: .inf\nk: \"null\"\nl:\nm: 007\nn: +3\n",
        );
        assert_eq!(
            v,
            json!({"a": 1, "b": -2.5, "c": true, "d": null, "e": "2024-01-31", "f": "yes", "g": "1",
                   "h": 31, "i": 1000.0, "j": ".inf", "k": "null", "l": null, "m": 7, "n": 3})
        );
    }

    #[test]
    fn numeric_keys_are_strings() {
        let v = ok("responses:\n  200:\n    description: ok\n  4XX: {description: bad}\n");
        assert_eq!(
            v,
            json!({"responses": {"200": {"description": "ok"}, "4XX": {"description": "bad"}}})
        );
    }

    #[test]
    fn tags_from_the_core_schema() {
        assert_eq!(
            ok("a: !!str 12\nb: !!int '7'\n"),
            json!({"a": "12", "b": 7})
        );
        assert_eq!(err("a: !!int x\n").message, "`x` is not a number");
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let text = "a:\n  b: [1, 2]\n  c: x\n";
        let parsed = parse(text).unwrap();
        // root, a: {…}, b: […], 1, 2, c: x
        let at = |i: usize| &text[parsed.nodes[i].start as usize..];
        assert!(at(2).starts_with("[1"), "{:?}", at(2));
        assert!(at(3).starts_with("1,"), "{:?}", at(3));
        assert_eq!(&text[parsed.nodes[1].key as usize..][..1], "a");
        assert_eq!(&text[parsed.nodes[2].key as usize..][..1], "b");
        assert_eq!(&text[parsed.nodes[5].key as usize..][..1], "c");
        let ends: Vec<_> = parsed.nodes.iter().map(|n| n.end).collect();
        assert_eq!(ends, [6, 6, 5, 4, 5, 6]);
    }

    #[test]
    fn aliases_and_merge_keys() {
        let v = ok("base: &b {x: 1, y: 2}\ncopy: *b\nmerged:\n  <<: *b\n  y: 3\n  z: 4\n");
        assert_eq!(
            v,
            json!({"base": {"x": 1, "y": 2}, "copy": {"x": 1, "y": 2}, "merged": {"y": 3, "z": 4, "x": 1}})
        );
        let many = ok("a: &a {p: 1}\nb: &b {q: 2}\nc:\n  <<: [*a, *b]\n  r: 3\n");
        assert_eq!(many["c"], json!({"r": 3, "p": 1, "q": 2}));
    }

    #[test]
    fn merged_spans_stay_aligned() {
        let text = "a: &a\n  p: 1\n  q: [2]\nc:\n  <<: *a\n  r: 3\n";
        let parsed = parse(text).unwrap();
        let map = super::super::source_map::SourceMap::new(parsed.nodes, text);
        let at = |p: &str| {
            let ptr = crate::model::pointer::JsonPointer::parse(p).unwrap();
            map.locate(text, &parsed.value, &ptr)
                .map(|pos| (pos.line, pos.column))
        };
        assert_eq!(at("/c/r"), Some((6, 3)));
        // A merged member points at its definition under the anchor.
        assert_eq!(at("/c/p"), Some((2, 3)));
        assert_eq!(at("/c/q/0"), Some((3, 7)));
    }

    #[test]
    fn refuses_duplicates_bombs_and_depth() {
        let dup = err("a: 1\nb: 2\na: 3\n");
        assert_eq!((dup.line, dup.message.as_str()), (3, "duplicate key `a`"));
        let mut bomb = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            bomb += &format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", "));
        }
        assert!(err(&bomb).message.contains("alias bomb"));
        let deep = "[".repeat(20_000) + &"]".repeat(20_000);
        let e = err(&deep);
        assert!(
            e.message.starts_with("nesting deeper than 255"),
            "{}",
            e.message
        );
        // Block style has no such parser limit; accord's own applies.
        let mut block = String::new();
        for depth in 0..5_000 {
            block += &" ".repeat(depth);
            block += "- \n";
        }
        let block = block.replace("\\n", "\n");
        let e = err(&block);
        assert!(
            e.message
                .starts_with(&format!("nesting deeper than {MAX_DEPTH}")),
            "{}",
            e.message
        );
        assert!(
            err("a: 1\n---\nb: 2\n")
                .message
                .contains("more than one YAML document")
        );
        assert!(err("? [a]\n: 1\n").message.contains("complex mapping keys"));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = err("a: [1, 2\nb: 3\n");
        assert!(e.line >= 1 && !e.message.is_empty());
        let e = err("a:\n  b: 1\n c: 2\n");
        assert_eq!(e.line, 3, "{}", e.message);
    }

    #[test]
    fn non_ascii_offsets() {
        let text = "ä: 1\nb: ü\n";
        let parsed = parse(text).unwrap();
        assert_eq!(&text[parsed.nodes[2].start as usize..], "ü\n");
    }
}
