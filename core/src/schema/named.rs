//! Lists of named entries (`properties`, `required`) in document order,
//! looked up by name in constant time: a schema with 1,000 required
//! properties compared by scanning lists took a million string comparisons
//! per object checked.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::Arc;

/// Below this many entries a scan is as fast as a lookup.
const INDEXED: usize = 16;

/// Named entries in the order they were written, each name once.
#[derive(Clone, Debug)]
pub struct Named<T> {
    entries: Vec<(String, T)>,
    /// Name → position, kept once the list is long.
    index: Option<Arc<HashMap<String, usize>>>,
}

impl<T> Default for Named<T> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            index: None,
        }
    }
}

impl<T> Named<T> {
    /// The value named `name`.
    pub fn get(&self, name: &str) -> Option<&T> {
        match &self.index {
            Some(index) => index
                .get(name)
                .and_then(|&i| self.entries.get(i))
                .map(|(_, v)| v),
            None => self.entries.iter().find(|(n, _)| n == name).map(|(_, v)| v),
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Adds `name` unless it is already there (the first value stays).
    pub fn insert(&mut self, name: String, value: T) -> bool {
        if self.contains(&name) {
            return false;
        }
        if let Some(index) = self.index.as_mut() {
            Arc::make_mut(index).insert(name.clone(), self.entries.len());
        }
        self.entries.push((name, value));
        if self.index.is_none() && self.entries.len() > INDEXED {
            self.reindex();
        }
        true
    }

    /// Keeps the entries `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &T) -> bool) {
        let before = self.entries.len();
        self.entries.retain(|(n, v)| keep(n, v));
        if self.entries.len() != before {
            self.reindex();
        }
    }

    /// The names, in order.
    pub fn names(&self) -> impl Iterator<Item = &String> {
        self.entries.iter().map(|(n, _)| n)
    }

    fn reindex(&mut self) {
        self.index = (self.entries.len() > INDEXED).then(|| {
            Arc::new(
                self.entries
                    .iter()
                    .enumerate()
                    .map(|(i, (n, _))| (n.clone(), i))
                    .collect(),
            )
        });
    }
}

impl<T> FromIterator<(String, T)> for Named<T> {
    fn from_iter<I: IntoIterator<Item = (String, T)>>(iter: I) -> Self {
        let mut out = Named::default();
        for (n, v) in iter {
            out.insert(n, v);
        }
        out
    }
}

impl<T> Deref for Named<T> {
    type Target = [(String, T)];
    fn deref(&self) -> &Self::Target {
        &self.entries
    }
}

impl<'a, T> IntoIterator for &'a Named<T> {
    type Item = &'a (String, T);
    type IntoIter = std::slice::Iter<'a, (String, T)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

/// A set of names in the order they were first written (`required`).
#[derive(Clone, Debug, Default)]
pub struct Names(Named<()>);

impl Names {
    pub fn contains(&self, name: &str) -> bool {
        self.0.contains(name)
    }

    /// Adds `name` unless it is already there.
    pub fn insert(&mut self, name: String) -> bool {
        self.0.insert(name, ())
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        self.0.retain(|n, ()| keep(n));
    }

    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.0.names()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<String> for Names {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        Names(iter.into_iter().map(|n| (n, ())).collect())
    }
}

impl Extend<String> for Names {
    fn extend<I: IntoIterator<Item = String>>(&mut self, iter: I) {
        for n in iter {
            self.insert(n);
        }
    }
}

impl<'a> IntoIterator for &'a Names {
    type Item = &'a String;
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, (String, ())>, fn(&'a (String, ())) -> &'a String>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.entries.iter().map(|(n, ())| n)
    }
}

#[cfg(test)]
mod tests {
    use super::{Named, Names};

    #[test]
    fn lookups_agree_before_and_after_the_index() {
        for n in [3, 17, 200] {
            let mut named: Named<usize> = (0..n).map(|i| (format!("p{i}"), i)).collect();
            assert_eq!(named.len(), n);
            assert_eq!(named.get("p2"), Some(&2));
            assert!(!named.contains("q"));
            assert!(!named.insert("p1".into(), 99), "a name is kept once");
            named.retain(|name, _| name != "p1");
            assert_eq!(named.get("p1"), None);
            assert_eq!(named.get("p2"), Some(&2), "positions follow a removal");
            assert_eq!(named.names().next().map(String::as_str), Some("p0"));
            let names: Names = (0..n).rev().map(|i| format!("r{i}")).collect();
            assert!(names.contains("r0") && !names.contains("p0"));
            assert_eq!(names.iter().next(), Some(&format!("r{}", n - 1)));
        }
    }
}
