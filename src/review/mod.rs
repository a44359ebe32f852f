//! Review tooling for pull requests: a resource-level diff of two outputs that says what each
//! change does at deploy time — in place, new revision, rollout, replacement — and what it
//! risks — FAILS, DOWNTIME, DNS CHANGE, deletion left to the user — a Markdown summary of a
//! spec, and who can reach each service (exposure).
//!
//! Architecture Invariant: pure like the rest of the library — it compares `FileSet`s and
//! renders strings; reading directories and printing is the CLI's job.

mod chains;
mod diff;
mod documents;
pub mod exposure;
pub mod exposure_render;
mod graph;
mod hazards;
mod keys;
pub mod render;
mod replacement;
mod summary;

pub use diff::{
    Change, ChangeKind, Diff, Hazard, HazardKind, Migration, PropertyChange, Target, diff,
};
pub use documents::ParseError;
pub use exposure::{Exposure, Level, Reach, ServiceExposure, exposure};
pub use replacement::{CreateOnlyTable, Effect, KUBERNETES_IMMUTABLE, create_only_table};
pub use summary::{SummaryInput, summary};
