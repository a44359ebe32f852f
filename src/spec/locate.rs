//! Where things are in the spec text: key path → byte span, looked up in an index built once
//! from the spanned TOML document (cargo's `get_key_value_span`, precomputed).
//!
//! Rules look up a handful of paths per service, so a lookup must not grow with the spec: the
//! index is a hash map keyed by the path encoded into one string (each segment length-prefixed,
//! so no two paths share an encoding). Only lookups go through it; nothing iterates it.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// A byte range in the spec text.
pub type Span = Range<usize>;

/// A path of keys from the document root, e.g. `["services", "auth", "route"]`. Array elements
/// use their index as the key (`["services", "api", "calls", "0"]`).
pub type KeyPath = Vec<String>;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    key: Span,
    value: Span,
}

/// The spec text, its display name (`path` on the command line) and a span index.
///
/// When an environment is selected, lookups of an effective key path try the overlay first
/// (`environments.<env>.<path>`), so a value set in an overlay is reported at the overlay's line.
#[derive(Debug, Clone)]
pub struct Located {
    pub name: String,
    pub text: String,
    env: Option<String>,
    index: HashMap<String, Entry>,
}

/// One string per key path: `len:segment` per segment.
fn encode<'a>(path: impl IntoIterator<Item = &'a str>) -> String {
    let mut key = String::new();
    for segment in path {
        push_segment(&mut key, segment);
    }
    key
}

fn push_segment(key: &mut String, segment: &str) {
    // Writing into a `String` cannot fail.
    let _ = write!(key, "{}:{segment}", segment.len());
}

impl Located {
    pub(crate) fn new(
        name: &str,
        text: &str,
        root: Option<&DeTable<'_>>,
        env: Option<&str>,
    ) -> Self {
        let mut index = HashMap::new();
        if let Some(root) = root {
            index_table(root, &mut String::new(), &mut index);
        }
        Located {
            name: name.to_owned(),
            text: text.to_owned(),
            env: env.map(str::to_owned),
            index,
        }
    }

    /// The selected environment, if any.
    pub fn env(&self) -> Option<&str> {
        self.env.as_deref()
    }

    fn entry(&self, path: &[&str]) -> Option<&Entry> {
        if let Some(env) = &self.env {
            let overlay = encode(
                ["environments", env.as_str()]
                    .into_iter()
                    .chain(path.iter().copied()),
            );
            if let Some(entry) = self.index.get(&overlay) {
                return Some(entry);
            }
        }
        self.index.get(&encode(path.iter().copied()))
    }

    /// Span of the value at `path` (overlay first), if the key is written in the text.
    pub fn value(&self, path: &[&str]) -> Option<Span> {
        self.entry(path).map(|e| e.value.clone())
    }

    /// Span of the key at `path` (overlay first), if written.
    pub fn key(&self, path: &[&str]) -> Option<Span> {
        self.entry(path).map(|e| e.key.clone())
    }

    /// The best location for a problem with `path`: the value when written, else the key of the
    /// nearest written ancestor (a missing `image` points at its `[services.x]` header).
    pub fn best(&self, path: &[&str]) -> Option<Span> {
        if let Some(span) = self.value(path) {
            return Some(span);
        }
        (1..path.len()).rev().find_map(|n| self.key(&path[..n]))
    }

    /// Span of a raw (not overlay-resolved) path, e.g. one inside `environments`.
    pub fn raw_value(&self, path: &[&str]) -> Option<Span> {
        let key = encode(path.iter().copied());
        self.index.get(&key).map(|e| e.value.clone())
    }

    /// Span of a raw path's key.
    pub fn raw_key(&self, path: &[&str]) -> Option<Span> {
        let key = encode(path.iter().copied());
        self.index.get(&key).map(|e| e.key.clone())
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn index_table(table: &DeTable<'_>, path: &mut String, index: &mut HashMap<String, Entry>) {
    for (key, value) in table.iter() {
        let parent = path.len();
        push_segment(path, key.get_ref());
        index.insert(
            path.clone(),
            Entry {
                key: key.span(),
                value: value.span(),
            },
        );
        index_value(value.get_ref(), path, index);
        path.truncate(parent);
    }
}

fn index_value(value: &DeValue<'_>, path: &mut String, index: &mut HashMap<String, Entry>) {
    match value {
        DeValue::Table(table) => index_table(table, path, index),
        DeValue::Array(array) => {
            for (i, item) in array.iter().enumerate() {
                let parent = path.len();
                push_segment(path, &i.to_string());
                index.insert(
                    path.clone(),
                    Entry {
                        key: item.span(),
                        value: item.span(),
                    },
                );
                index_value(item.get_ref(), path, index);
                path.truncate(parent);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn no_two_paths_share_an_encoding() {
        // A segment containing the separator cannot pose as two segments.
        assert_ne!(encode(["a:b"]), encode(["a", "b"]));
        assert_ne!(encode(["1:a"]), encode(["a"]));
        assert_ne!(encode(["ab", "c"]), encode(["a", "bc"]));
    }
}
