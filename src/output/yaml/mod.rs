//! The one place that knows the YAML library (serde-saphyr). Swapping it is a change here.
//!
//! Documents are written by `emit` (a block-style emitter for the shapes twinform serializes,
//! several times faster: YAML was most of a large synthesis), which writes serde-saphyr's bytes;
//! a value it does not handle goes to serde-saphyr whole. `tests` hold both to the same bytes.

mod emit;
mod quoting;

use serde::Serialize;

/// One YAML document. Strings a YAML 1.1 reader would take for booleans, numbers or null (`on`,
/// `yes`, `012`, `1e3`, `~`) are quoted.
///
/// Long strings stay plain scalars (no folded `>-` blocks), so an ARN or a policy reads as one
/// line in reviews and diffs.
pub fn document<T: Serialize>(value: &T) -> Vec<u8> {
    match emit::document(value) {
        Ok(out) => out.into_bytes(),
        Err(emit::Unsupported) => saphyr_document(value),
    }
}

/// [`document`] by serde-saphyr.
fn saphyr_document<T: Serialize>(value: &T) -> Vec<u8> {
    let options = serde_saphyr::ser_options! { prefer_block_scalars: false };
    // Typed structs, strings, numbers and string-keyed maps always serialize; a failure would be
    // a bug in twinform, and an empty file in its place would hide it.
    let mut out = serde_saphyr::to_string_with_options(value, options)
        .expect("typed objects with string keys always serialize to YAML");
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.into_bytes()
}

/// Several documents separated by `---`.
pub fn documents<T: Serialize>(values: &[T]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b"---\n");
        }
        out.extend(document(value));
    }
    out
}

#[cfg(test)]
mod tests;
