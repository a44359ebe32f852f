//! Importers: other tools' deployment descriptions → a twinform [`Spec`](crate::spec::Spec) and
//! its commented TOML text.
//!
//! Architecture Invariant: importers are pure. The CLI reads the files, the `.env` file and the
//! process environment and passes them in as data; an importer returns the spec, the text and
//! its diagnostics (located in the imported files), or only diagnostics when the input is
//! invalid, and never writes.

pub mod compose;
pub mod copilot;
mod yaml;

pub use yaml::At;
