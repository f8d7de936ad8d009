//! Where every node of a parsed document came from, so that any JSON pointer
//! can be shown as `file:line:column`.
//!
//! The map is a flat list of nodes in document order (pre-order), each with
//! the byte offset of its value, of its key when it is an object member, and
//! the index one past its subtree. A pointer is located by walking the value
//! tree beside the list: the child index of a token is its position among its
//! siblings, and siblings are reached by jumping over subtrees. Parsers fill
//! the list as they go, so the map costs one 12-byte entry per node.

use std::collections::hash_map::Entry;
use std::sync::Mutex;

use serde_json::Value;

use crate::model::address::{AddressMap, address};
use crate::model::pointer::{JsonPointer, array_index};

/// Objects with at least this many members are indexed on first use, so
/// that locating a member costs the same whatever its place (OpenAPI
/// `paths` has thousands).
const WIDE: usize = 64;

/// Objects with at most this many members are scanned by key.
const NARROW: usize = 16;

/// A wide object's index: each member's node, and which member a key is
/// (by the key's address).
#[derive(Debug, Default)]
struct Wide {
    children: Vec<u32>,
    by_key: AddressMap<usize, u32>,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

pub(crate) const NO_KEY: u32 = u32::MAX;

#[derive(Clone, Copy, Debug)]
pub(crate) struct NodeSpan {
    /// Byte offset where the value starts.
    pub start: u32,
    /// Byte offset of the member's key, or `NO_KEY`.
    pub key: u32,
    /// Index one past this node's subtree in the list.
    pub end: u32,
}

#[derive(Debug, Default)]
pub struct SourceMap {
    nodes: Vec<NodeSpan>,
    line_starts: Vec<u32>,
    /// The text is ASCII: a column is a byte distance, even on a minified
    /// file's one long line.
    ascii: bool,
    /// Wide objects indexed so far, by their node index.
    wide: Mutex<AddressMap<usize, Wide>>,
}

impl SourceMap {
    pub(crate) fn new(nodes: Vec<NodeSpan>, text: &str) -> Self {
        Self {
            nodes,
            line_starts: line_starts(text),
            ascii: text.is_ascii(),
            wide: Mutex::default(),
        }
    }

    /// How many nodes the document has.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The position of the node at `pointer`: its key when it is an object
    /// member (what a reader looks for), else its value. `None` when the
    /// pointer names nothing in `root`.
    pub fn locate(&self, text: &str, root: &Value, pointer: &JsonPointer) -> Option<Position> {
        let index = self.node_index(root, pointer)?;
        let node = self.nodes.get(index)?;
        let offset = if node.key == NO_KEY {
            node.start
        } else {
            node.key
        };
        Some(self.position(text, offset as usize))
    }

    /// Like [`locate`](Self::locate), but falls back to the nearest ancestor
    /// that exists, so that a finding about something absent still points
    /// somewhere useful.
    pub fn locate_nearest(&self, text: &str, root: &Value, pointer: &JsonPointer) -> Position {
        let mut pointer = pointer.clone();
        loop {
            if let Some(position) = self.locate(text, root, &pointer) {
                return position;
            }
            match pointer.parent() {
                Some(parent) => pointer = parent,
                None => return Position { line: 1, column: 1 },
            }
        }
    }

    fn node_index(&self, root: &Value, pointer: &JsonPointer) -> Option<usize> {
        let mut index = 0usize;
        let mut value = root;
        for token in pointer.tokens() {
            let (nth, child) = match value {
                Value::Object(map) if map.len() >= WIDE => {
                    let (key, child) = map.get_key_value(token.as_ref())?;
                    index = self.wide_member(index, map, address(key))? as usize;
                    value = child;
                    continue;
                }
                // A few siblings: scanned (cheaper than hashing the token).
                Value::Object(map) if map.len() <= NARROW => map
                    .iter()
                    .enumerate()
                    .find_map(|(nth, (k, child))| (*k == token).then_some((nth, child)))?,
                // Found by hashing, then placed by the key's address: no
                // string comparisons along the siblings.
                Value::Object(map) => {
                    let (key, child) = map.get_key_value(token.as_ref())?;
                    let nth = map.keys().position(|k| std::ptr::eq(k, key))?;
                    (nth, child)
                }
                Value::Array(items) => {
                    let i = array_index(&token)?;
                    (i, items.get(i)?)
                }
                _ => return None,
            };
            let mut child_index = index + 1;
            for _ in 0..nth {
                child_index = self.nodes.get(child_index)?.end as usize;
            }
            index = child_index;
            value = child;
        }
        Some(index)
    }

    /// The node of the member whose key is at `key` in the wide object
    /// `map` (node `index`), indexing the object on first use.
    fn wide_member(
        &self,
        index: usize,
        map: &serde_json::Map<String, Value>,
        key: usize,
    ) -> Option<u32> {
        let mut wide = self
            .wide
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = match wide.entry(index) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(vacant) => {
                let mut entry = Wide::default();
                let mut child = index + 1;
                for (nth, k) in map.keys().enumerate() {
                    entry.children.push(child as u32);
                    entry.by_key.insert(address(k), nth as u32);
                    child = self.nodes.get(child)?.end as usize;
                }
                vacant.insert(entry)
            }
        };
        let nth = *entry.by_key.get(&key)?;
        entry.children.get(nth as usize).copied()
    }

    /// The line and column of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let line = self
            .line_starts
            .partition_point(|&s| s as usize <= offset)
            .max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0) as usize;
        let column = if self.ascii {
            offset.saturating_sub(start)
        } else {
            text.get(start..offset)
                .map_or(offset - start, |s| s.chars().count())
        } + 1;
        Position {
            line: line as u32,
            column: column as u32,
        }
    }
}

pub(crate) fn line_starts(text: &str) -> Vec<u32> {
    let mut starts = Vec::with_capacity(text.len() / 32 + 1);
    starts.push(0);
    starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i as u32 + 1));
    starts
}

/// Copies a finished subtree (`nodes[from..]` as laid out at `old_base`) so
/// that it starts at `new_base`, fixing the absolute `end` indices. Used
/// where YAML aliases and merge keys repeat or move nodes.
pub(crate) fn relocate(
    subtree: &[NodeSpan],
    old_base: usize,
    new_base: usize,
    key: u32,
) -> impl Iterator<Item = NodeSpan> + '_ {
    subtree.iter().enumerate().map(move |(i, node)| {
        let end = node.end as usize - old_base + new_base;
        NodeSpan {
            start: node.start,
            key: if i == 0 { key } else { node.key },
            end: end as u32,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_of_wide_objects_are_located_wherever_they_are() {
        let members: Vec<String> = (0..200)
            .map(|i| format!("  \"k{i}\": {{\"v\": [{i}, {{\"deep\": true}}]}}"))
            .collect();
        let text = format!("{{\n{}\n}}\n", members.join(",\n"));
        let doc = crate::load::Document::parse("wide.json".into(), text.into_bytes()).unwrap();
        for i in [0usize, 63, 64, 150, 199] {
            let pointer = JsonPointer::parse(&format!("/k{i}/v/1/deep")).unwrap();
            let at = doc
                .source_map
                .locate(&doc.text, &doc.root, &pointer)
                .unwrap();
            assert_eq!(at.line as usize, i + 2, "k{i}");
            // Asked twice: the index built on the first answer gives the same.
            assert_eq!(
                doc.source_map.locate(&doc.text, &doc.root, &pointer),
                Some(at)
            );
        }
        let missing = JsonPointer::parse("/k200").unwrap();
        assert_eq!(doc.source_map.locate(&doc.text, &doc.root, &missing), None);
    }

    #[test]
    fn positions_count_characters_from_one() {
        let text = "ab\nçd\n\nx";
        let map = SourceMap::new(Vec::new(), text);
        assert_eq!(map.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(map.position(text, 3), Position { line: 2, column: 1 });
        // 'd' follows a two-byte 'ç': byte 5, character column 2.
        assert_eq!(map.position(text, 5), Position { line: 2, column: 2 });
        assert_eq!(map.position(text, 7), Position { line: 3, column: 1 });
        assert_eq!(map.position(text, 8), Position { line: 4, column: 1 });
    }
}
