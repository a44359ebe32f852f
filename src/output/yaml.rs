//! The one place that knows the YAML library (serde-saphyr). Swapping it is a one-file change.

use serde::Serialize;

/// One YAML document. serde-saphyr quotes strings a YAML 1.1 reader would take for booleans,
/// numbers or null (`on`, `yes`, `012`, `1e3`, `~`).
///
/// Long strings stay plain scalars (no folded `>-` blocks), so an ARN or a policy reads as one
/// line in reviews and diffs.
pub fn document<T: Serialize>(value: &T) -> Vec<u8> {
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
