//! A block-style YAML emitter for what twinform serializes (structs, string-keyed maps,
//! sequences, strings, integers, booleans), writing the bytes serde-saphyr writes with
//! `prefer_block_scalars: false`, several times faster. Anything else (floats, nulls, enum
//! variants with data, non-scalar keys) is `Unsupported`, and `mod.rs` hands the whole document
//! to serde-saphyr instead.

use super::quoting;
use serde::ser::{self, Serialize};
use std::fmt::{self, Display, Write};
use std::ops::Range;

/// A value not handled here; the caller serializes the document with serde-saphyr.
#[derive(Debug)]
pub struct Unsupported;

impl Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not handled by the fast YAML emitter")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: Display>(_: T) -> Self {
        Unsupported
    }
}

/// A serialized value, its scalars and keys already rendered (quoted where needed) into one
/// shared buffer (a `String` per scalar was a third of the time, in malloc and free).
enum Node {
    Scalar(Range<usize>),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A rendered key: a field name written as is, or a range of the buffer.
enum Key {
    Field(&'static str),
    Text(Range<usize>),
}

impl Key {
    fn text<'a>(&self, texts: &'a str) -> &'a str {
        match self {
            Key::Field(name) => name,
            Key::Text(range) => &texts[range.clone()],
        }
    }
}

/// One YAML document (with its trailing newline), or `Unsupported`.
pub fn document<T: Serialize + ?Sized>(value: &T) -> Result<String, Unsupported> {
    let mut texts = String::new();
    let node = value.serialize(NodeSerializer(&mut texts))?;
    let mut out = String::with_capacity(texts.len() * 2);
    let texts = texts.as_str();
    match &node {
        Node::Map(entries) if !entries.is_empty() => map(&mut out, texts, entries, 0, false),
        Node::Seq(items) if !items.is_empty() => seq(&mut out, texts, items, 0, false)?,
        Node::Map(_) => out.push_str("{}\n"),
        Node::Seq(_) => out.push_str("[]\n"),
        Node::Scalar(s) => {
            out.push_str(&texts[s.clone()]);
            out.push('\n');
        }
    }
    Ok(out)
}

fn indent(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                ";
    while n > 0 {
        let step = n.min(SPACES.len());
        out.push_str(&SPACES[..step]);
        n -= step;
    }
}

/// Entries at column `at`; the first on the current line when `inline` (after `- `).
fn map(out: &mut String, texts: &str, entries: &[(Key, Node)], at: usize, inline: bool) {
    for (i, (key, value)) in entries.iter().enumerate() {
        if !(inline && i == 0) {
            indent(out, at);
        }
        out.push_str(key.text(texts));
        out.push(':');
        match value {
            Node::Scalar(s) => {
                out.push(' ');
                out.push_str(&texts[s.clone()]);
                out.push('\n');
            }
            Node::Map(inner) if inner.is_empty() => out.push_str(" {}\n"),
            Node::Seq(inner) if inner.is_empty() => out.push_str(" []\n"),
            Node::Map(inner) => {
                out.push('\n');
                map(out, texts, inner, at + 2, false);
            }
            // Sequences under a key sit at the key's column (serde-saphyr's compact lists).
            Node::Seq(inner) => {
                out.push('\n');
                // Nested sequences are refused before writing starts (see `seq`).
                let _ = seq(out, texts, inner, at, false);
            }
        }
    }
}

/// Items at column `at`, each after `- `.
fn seq(
    out: &mut String,
    texts: &str,
    items: &[Node],
    at: usize,
    inline: bool,
) -> Result<(), Unsupported> {
    for (i, item) in items.iter().enumerate() {
        if !(inline && i == 0) {
            indent(out, at);
        }
        out.push_str("- ");
        match item {
            Node::Scalar(s) => {
                out.push_str(&texts[s.clone()]);
                out.push('\n');
            }
            Node::Map(inner) if inner.is_empty() => out.push_str("{}\n"),
            Node::Seq(inner) if inner.is_empty() => out.push_str("[]\n"),
            Node::Map(inner) => map(out, texts, inner, at + 2, true),
            Node::Seq(_) => return Err(Unsupported),
        }
    }
    Ok(())
}

struct NodeSerializer<'t>(&'t mut String);

impl NodeSerializer<'_> {
    /// Appends what `write` writes to the buffer, as a scalar.
    fn scalar(self, write: impl FnOnce(&mut String)) -> Result<Node, Unsupported> {
        let start = self.0.len();
        write(self.0);
        Ok(Node::Scalar(start..self.0.len()))
    }
}

impl<'t> ser::Serializer for NodeSerializer<'t> {
    type Ok = Node;
    type Error = Unsupported;
    type SerializeSeq = SeqNodes<'t>;
    type SerializeTuple = SeqNodes<'t>;
    type SerializeTupleStruct = ser::Impossible<Node, Unsupported>;
    type SerializeTupleVariant = ser::Impossible<Node, Unsupported>;
    type SerializeMap = MapNodes<'t>;
    type SerializeStruct = MapNodes<'t>;
    type SerializeStructVariant = ser::Impossible<Node, Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<Node, Unsupported> {
        self.scalar(|t| t.push_str(if v { "true" } else { "false" }))
    }
    fn serialize_i8(self, v: i8) -> Result<Node, Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<Node, Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<Node, Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<Node, Unsupported> {
        self.scalar(|t| {
            let _ = write!(t, "{v}");
        })
    }
    fn serialize_u8(self, v: u8) -> Result<Node, Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<Node, Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<Node, Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<Node, Unsupported> {
        self.scalar(|t| {
            let _ = write!(t, "{v}");
        })
    }
    fn serialize_f32(self, _: f32) -> Result<Node, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_f64(self, _: f64) -> Result<Node, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_char(self, v: char) -> Result<Node, Unsupported> {
        self.scalar(|t| quoting::value(v.encode_utf8(&mut [0; 4]), t))
    }
    fn serialize_str(self, v: &str) -> Result<Node, Unsupported> {
        self.scalar(|t| quoting::value(v, t))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Node, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result<Node, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Node, Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Node, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Node, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Node, Unsupported> {
        self.scalar(|t| quoting::value(variant, t))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Node, Unsupported> {
        // serde-saphyr's own wrappers (`__yaml_…`) change the style; ours are transparent.
        if name.starts_with("__yaml") {
            return Err(Unsupported);
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Node, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqNodes<'t>, Unsupported> {
        Ok(SeqNodes {
            texts: self.0,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqNodes<'t>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapNodes<'t>, Unsupported> {
        Ok(MapNodes {
            texts: self.0,
            entries: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
        })
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<MapNodes<'t>, Unsupported> {
        if name.starts_with("__yaml") {
            return Err(Unsupported);
        }
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}

struct SeqNodes<'t> {
    texts: &'t mut String,
    items: Vec<Node>,
}

impl ser::SerializeSeq for SeqNodes<'_> {
    type Ok = Node;
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        let node = value.serialize(NodeSerializer(self.texts))?;
        // A sequence directly in a sequence is laid out differently; not needed here.
        if matches!(&node, Node::Seq(items) if !items.is_empty()) {
            return Err(Unsupported);
        }
        self.items.push(node);
        Ok(())
    }
    fn end(self) -> Result<Node, Unsupported> {
        Ok(Node::Seq(self.items))
    }
}

impl ser::SerializeTuple for SeqNodes<'_> {
    type Ok = Node;
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Node, Unsupported> {
        ser::SerializeSeq::end(self)
    }
}

struct MapNodes<'t> {
    texts: &'t mut String,
    entries: Vec<(Key, Node)>,
    key: Option<Range<usize>>,
}

impl ser::SerializeMap for MapNodes<'_> {
    type Ok = Node;
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Unsupported> {
        self.key = Some(k.serialize(KeySerializer(self.texts))?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        let k = self.key.take().ok_or(Unsupported)?;
        let value = value.serialize(NodeSerializer(self.texts))?;
        self.entries.push((Key::Text(k), value));
        Ok(())
    }
    fn end(self) -> Result<Node, Unsupported> {
        Ok(Node::Map(self.entries))
    }
}

impl ser::SerializeStruct for MapNodes<'_> {
    type Ok = Node;
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        // A field name is almost always a plain word: no copy then.
        let k = if quoting::plain_word(name) {
            Key::Field(name)
        } else {
            Key::Text(name.serialize(KeySerializer(self.texts))?)
        };
        let value = value.serialize(NodeSerializer(self.texts))?;
        self.entries.push((k, value));
        Ok(())
    }
    fn end(self) -> Result<Node, Unsupported> {
        Ok(Node::Map(self.entries))
    }
}

/// Keys: strings with the key quoting rules; anything else is left to serde-saphyr.
struct KeySerializer<'t>(&'t mut String);

impl KeySerializer<'_> {
    fn text(self, s: &str) -> Result<Range<usize>, Unsupported> {
        if s.len() > 1024 {
            return Err(Unsupported);
        }
        let start = self.0.len();
        quoting::key(s, self.0);
        Ok(start..self.0.len())
    }
}

macro_rules! unsupported {
    ($($name:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $name(self, $(_: $arg),*) -> Result<Range<usize>, Unsupported> { Err(Unsupported) })*
    };
}

impl ser::Serializer for KeySerializer<'_> {
    type Ok = Range<usize>;
    type Error = Unsupported;
    type SerializeSeq = ser::Impossible<Range<usize>, Unsupported>;
    type SerializeTuple = ser::Impossible<Range<usize>, Unsupported>;
    type SerializeTupleStruct = ser::Impossible<Range<usize>, Unsupported>;
    type SerializeTupleVariant = ser::Impossible<Range<usize>, Unsupported>;
    type SerializeMap = ser::Impossible<Range<usize>, Unsupported>;
    type SerializeStruct = ser::Impossible<Range<usize>, Unsupported>;
    type SerializeStructVariant = ser::Impossible<Range<usize>, Unsupported>;

    unsupported!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
    );
    fn serialize_str(self, v: &str) -> Result<Range<usize>, Unsupported> {
        self.text(v)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Range<usize>, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Range<usize>, Unsupported> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Range<usize>, Unsupported> {
        if name.starts_with("__yaml") {
            return Err(Unsupported);
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Range<usize>, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}
