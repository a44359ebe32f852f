//! The JSON Schema of the spec, generated from the [`Spec`](super::Spec) types with schemars.
//!
//! It is committed as `schemas/twinform.schema.json` (a published artifact for editors, e.g. a
//! `#:schema` first line for Even Better TOML / taplo) and `tests/schema.rs` fails when the
//! committed file is stale. `twinform schema` prints the same text.

/// The spec's JSON Schema: pretty JSON (two-space indent) with a trailing newline.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(super::Spec);
    // `{:#}` pretty-prints a JSON value and, unlike `to_string_pretty`, cannot fail.
    format!("{:#}\n", schema.as_value())
}
