//! RFC 6901 JSON pointers: the one way accord names a place in a document.

use std::borrow::Cow;
use std::fmt;

use serde_json::Value;

/// A JSON pointer in its escaped string form (`/paths/~1accounts/get`).
///
/// The empty pointer names the whole document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JsonPointer(String);

impl JsonPointer {
    /// The pointer to the whole document.
    pub fn root() -> Self {
        Self(String::new())
    }

    /// Parses the escaped form; `None` unless it is empty or starts with `/`.
    pub fn parse(s: &str) -> Option<Self> {
        (s.is_empty() || s.starts_with('/')).then(|| Self(s.to_owned()))
    }

    /// Parses a URI fragment (`#/components/schemas/A%20B`), which is
    /// percent-encoded on top of the pointer's own `~0`/`~1` escapes.
    pub fn from_fragment(fragment: &str) -> Option<Self> {
        let decoded = percent_decode(fragment)?;
        Self::parse(&decoded)
    }

    /// A child of this pointer, escaping `~` and `/` in `token`.
    #[must_use]
    pub fn push(&self, token: &str) -> Self {
        self.push_all(&[token])
    }

    /// A descendant of this pointer: `tokens` below it, outermost first,
    /// in one allocation.
    #[must_use]
    pub fn push_all(&self, tokens: &[&str]) -> Self {
        let extra: usize = tokens.iter().map(|t| t.len() + 1).sum();
        let mut s = String::with_capacity(self.0.len() + extra);
        s.push_str(&self.0);
        for token in tokens {
            s.push('/');
            escape_into(&mut s, token);
        }
        Self(s)
    }

    /// The child at an array index.
    #[must_use]
    pub fn push_index(&self, index: usize) -> Self {
        Self(format!("{}/{index}", self.0))
    }

    /// The unescaped reference tokens, outermost first.
    pub fn tokens(&self) -> impl Iterator<Item = Cow<'_, str>> {
        self.0.split('/').skip(1).map(unescape)
    }

    /// The last token, unescaped; `None` for the root.
    pub fn last(&self) -> Option<Cow<'_, str>> {
        self.0.rfind('/').map(|i| unescape(&self.0[i + 1..]))
    }

    /// The pointer one level up; `None` for the root.
    pub fn parent(&self) -> Option<Self> {
        self.0.rfind('/').map(|i| Self(self.0[..i].to_owned()))
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `self` is `other` or lies inside it.
    pub fn starts_with(&self, other: &JsonPointer) -> bool {
        self.0.starts_with(&other.0)
            && (self.0.len() == other.0.len()
                || self.0.as_bytes().get(other.0.len()) == Some(&b'/'))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value this pointer names in `root`, if there is one.
    pub fn lookup<'v>(&self, root: &'v Value) -> Option<&'v Value> {
        let mut node = root;
        for token in self.tokens() {
            node = child(node, &token)?;
        }
        Some(node)
    }
}

/// The child of `node` named by one unescaped reference token.
pub fn child<'v>(node: &'v Value, token: &str) -> Option<&'v Value> {
    match node {
        Value::Object(map) => member(map, token),
        Value::Array(items) => array_index(token).and_then(|i| items.get(i)),
        _ => None,
    }
}

/// Objects up to this size are scanned rather than hashed.
const SCANNED: usize = 16;

/// The member `key` of an object. A schema or an operation has a handful
/// of keys, and comparing a few short strings costs less than hashing one
/// with the map's (SipHash) hasher; large objects (`paths`, `properties`)
/// are hashed.
pub fn member<'v>(map: &'v serde_json::Map<String, Value>, key: &str) -> Option<&'v Value> {
    if map.len() <= SCANNED {
        map.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    } else {
        map.get(key)
    }
}

/// An array index token: digits only, no leading zero (RFC 6901 §4).
pub fn array_index(token: &str) -> Option<usize> {
    if token.is_empty() || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    if !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
}

/// Appends `token` with `~` and `/` escaped (`~0`, `~1`).
fn escape_into(out: &mut String, token: &str) {
    if !token.bytes().any(|b| b == b'~' || b == b'/') {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

fn unescape(token: &str) -> Cow<'_, str> {
    if !token.contains('~') {
        return Cow::Borrowed(token);
    }
    // One pass: `~1` is `/`, `~0` is `~` (so `~01` is `~1`).
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c != '~' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('1') => out.push('/'),
            Some('0') => out.push('~'),
            Some(other) => {
                out.push('~');
                out.push(other);
            }
            None => out.push('~'),
        }
    }
    Cow::Owned(out)
}

/// A fragment decoded, or `None` when a `%` is not followed by two hex
/// digits or the bytes are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let escapes_valid = s
        .split('%')
        .skip(1)
        .all(|after| after.len() >= 2 && after.bytes().take(2).all(|b| b.is_ascii_hexdigit()));
    if !escapes_valid {
        return None;
    }
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(std::borrow::Cow::into_owned)
}

impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for JsonPointer {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for JsonPointer {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse(&s).ok_or_else(|| serde::de::Error::custom("a JSON pointer starts with `/`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn push_escapes_and_tokens_unescape() {
        let p = JsonPointer::root()
            .push("paths")
            .push("/accounts/{id}")
            .push("a~b");
        assert_eq!(p.as_str(), "/paths/~1accounts~1{id}/a~0b");
        let tokens: Vec<_> = p.tokens().collect();
        assert_eq!(tokens, ["paths", "/accounts/{id}", "a~b"]);
        assert_eq!(p.last().as_deref(), Some("a~b"));
        assert_eq!(
            p.parent().map(|p| p.to_string()).as_deref(),
            Some("/paths/~1accounts~1{id}")
        );
    }

    #[test]
    fn push_all_is_pushes_one_by_one() {
        let base = JsonPointer::parse("/components").unwrap();
        let tokens = ["schemas", "a/b~c", "", "properties"];
        let one_by_one = tokens.iter().fold(base.clone(), |p, t| p.push(t));
        assert_eq!(base.push_all(&tokens), one_by_one);
        assert_eq!(
            one_by_one.as_str(),
            "/components/schemas/a~1b~0c//properties"
        );
        assert_eq!(base.push_all(&[]), base);
    }

    #[test]
    fn unescape_order_is_tilde_one_first() {
        // "~01" is the token "~1", not "/" (RFC 6901 §4).
        let p = JsonPointer::parse("/~01").unwrap();
        assert_eq!(p.tokens().collect::<Vec<_>>(), ["~1"]);
    }

    #[test]
    fn lookup_objects_and_arrays() {
        let doc = json!({"a": [{"b/c": 1}, 2], "": 3});
        assert_eq!(
            JsonPointer::parse("/a/0/b~1c").unwrap().lookup(&doc),
            Some(&json!(1))
        );
        assert_eq!(
            JsonPointer::parse("/a/1").unwrap().lookup(&doc),
            Some(&json!(2))
        );
        assert_eq!(
            JsonPointer::parse("/").unwrap().lookup(&doc),
            Some(&json!(3))
        );
        assert_eq!(JsonPointer::parse("/a/01").unwrap().lookup(&doc), None);
        assert_eq!(JsonPointer::parse("/a/2").unwrap().lookup(&doc), None);
        assert_eq!(JsonPointer::root().lookup(&doc), Some(&doc));
    }

    #[test]
    fn fragments_are_percent_decoded() {
        let p = JsonPointer::from_fragment("/components/schemas/A%20B").unwrap();
        assert_eq!(p.last().as_deref(), Some("A B"));
        assert!(JsonPointer::from_fragment("/bad%2").is_none());
        assert!(JsonPointer::parse("no-slash").is_none());
    }

    #[test]
    fn starts_with_respects_token_boundaries() {
        let a = JsonPointer::parse("/paths/x").unwrap();
        assert!(JsonPointer::parse("/paths/x/get").unwrap().starts_with(&a));
        assert!(a.starts_with(&a));
        assert!(!JsonPointer::parse("/paths/xy").unwrap().starts_with(&a));
    }
}
