//! Review tooling for pull requests: a resource-level diff of two outputs that flags
//! replacements, and a Markdown summary of a spec.
//!
//! Architecture Invariant: pure like the rest of the library — it compares `FileSet`s and
//! renders strings; reading directories and printing is the CLI's job.

mod diff;
mod documents;
pub mod render;
mod replacement;
mod summary;

pub use diff::{Change, ChangeKind, Diff, PropertyChange, Target, diff};
pub use documents::ParseError;
pub use replacement::{CLOUDFORMATION_REPLACEMENT, Effect, KUBERNETES_IMMUTABLE};
pub use summary::{SummaryInput, summary};
