//! A YAML document as a located tree: every node knows the file and byte span it came from, so a
//! Compose key that does not map is reported at `file:line:col`.
//!
//! Read with `serde-saphyr` (already the dependency that writes the output's YAML, so no new
//! parser): it is maintained (2.x, on the maintained `saphyr` parser lineage), its `Spanned<T>`
//! gives every node a byte span, it expands anchors, aliases and `<<` merge keys (Compose files
//! use them for `x-` fragments) and it bounds recursion and alias expansion (a billion-laughs
//! file is an error, not an out-of-memory). `serde_yaml` is deprecated and unmaintained;
//! `saphyr`'s `MarkedYaml` would add a second parser and leave merge keys to us. A node reached
//! through an alias or a merge key is located where it is used.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};
use std::fmt;
use std::ops::Range;

/// Where a node is: the index of its file among the inputs, and its byte span in that file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct At {
    pub file: usize,
    pub span: Range<usize>,
}

/// One YAML node.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub at: At,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in document order (Compose keys are unique; the parser rejects duplicates).
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_at: At,
    pub value: Node,
}

impl Node {
    pub fn new(value: Value, at: At) -> Self {
        Node { value, at }
    }

    /// The entries of a mapping, or none.
    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries().iter().find(|e| e.key == key)
    }

    /// A scalar as text (`8080` and `"8080"` alike); `None` for null and collections.
    pub fn scalar(&self) -> Option<String> {
        match &self.value {
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Str(s) => Some(s.clone()),
            Value::Null | Value::Seq(_) | Value::Map(_) => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// What kind of node this is, for messages ("expected a mapping, found a sequence").
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a sequence",
            Value::Map(_) => "a mapping",
        }
    }
}

/// Why a text is not a YAML document: the parser's message and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub span: Range<usize>,
}

/// Parses one YAML document of file number `file`.
pub fn parse(text: &str, file: usize) -> Result<Node, YamlError> {
    let mut options = serde_saphyr::Options::default();
    // The diagnostic renderers draw their own snippet.
    options.with_snippet = false;
    match serde_saphyr::from_str_with_options::<Spanned<Tree>>(text, options) {
        Ok(tree) => Ok(into_node(tree, file)),
        Err(error) => {
            // A parse error may carry only a line and column.
            let span = error.location().map_or(0..0, |l| match span_of(&l) {
                span if span.start > 0 => span,
                _ => offset_of(text, l.line(), l.column()),
            });
            Err(YamlError {
                message: first_line(&error.without_snippet().to_string()),
                span,
            })
        }
    }
}

/// The byte offset of a 1-based line and character column, clamped to the text.
fn offset_of(text: &str, line: u64, column: u64) -> Range<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(usize::try_from(line.saturating_sub(1)).unwrap_or(0))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    let col = rest
        .char_indices()
        .nth(usize::try_from(column.saturating_sub(1)).unwrap_or(0))
        .map_or(rest.len(), |(i, _)| i);
    let at = (start + col).min(text.len());
    at..at
}

fn first_line(message: &str) -> String {
    message
        .lines()
        .next()
        .unwrap_or("invalid YAML")
        .trim()
        .to_owned()
}

fn span_of(location: &Location) -> Range<usize> {
    let span = location.span();
    let start = span.byte_offset().unwrap_or(0);
    let len = span.byte_len().unwrap_or(0);
    let start = usize::try_from(start).unwrap_or(0);
    start..start + usize::try_from(len).unwrap_or(0)
}

/// The parser's view of a node, before locations are turned into [`At`].
enum Tree {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Tree>>),
    Map(Vec<(Spanned<Tree>, Spanned<Tree>)>),
}

fn into_node(this: Spanned<Tree>, file: usize) -> Node {
    let at = At {
        file,
        span: span_of(&this.referenced),
    };
    let value = match this.value {
        Tree::Null => Value::Null,
        Tree::Bool(b) => Value::Bool(b),
        Tree::Int(i) => Value::Int(i),
        Tree::Float(f) => Value::Float(f),
        Tree::Str(s) => Value::Str(s),
        Tree::Seq(items) => Value::Seq(items.into_iter().map(|i| into_node(i, file)).collect()),
        Tree::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key = into_node(k, file);
                    Entry {
                        key: key.scalar().unwrap_or_default(),
                        key_at: key.at,
                        value: into_node(v, file),
                    }
                })
                .collect(),
        ),
    };
    Node { value, at }
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeVisitor)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML node")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Tree, E> {
        Ok(Tree::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Tree, E> {
        Ok(Tree::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Tree, E> {
        Ok(i64::try_from(v).map_or_else(|_| Tree::Str(v.to_string()), Tree::Int))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Tree, E> {
        Ok(i64::try_from(v).map_or_else(|_| Tree::Str(v.to_string()), Tree::Int))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Tree, E> {
        Ok(i64::try_from(v).map_or_else(|_| Tree::Str(v.to_string()), Tree::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Tree, E> {
        Ok(Tree::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Tree, E> {
        Ok(Tree::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Tree, E> {
        Ok(Tree::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Tree, D::Error> {
        Tree::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Tree>>()? {
            items.push(item);
        }
        Ok(Tree::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Tree>>()? {
            let value = map.next_value::<Spanned<Tree>>()?;
            entries.push((key, value));
        }
        Ok(Tree::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_are_located_and_merge_keys_expand() {
        let text = "x-base: &base\n  image: a:1\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: b:2\n";
        let root = parse(text, 0).expect("valid");
        let web = root
            .get("services")
            .and_then(|s| s.get("web"))
            .expect("web");
        let image = web.get("image").expect("image");
        assert_eq!(image.scalar().as_deref(), Some("b:2"));
        assert_eq!(&text[image.at.span.clone()], "b:2");
        assert_eq!(
            web.get("restart").and_then(Node::scalar).as_deref(),
            Some("always")
        );
    }

    #[test]
    fn a_syntax_error_is_located() {
        let error = parse("services:\n  web: [\n", 0).expect_err("invalid");
        assert!(!error.message.is_empty());
    }
}
