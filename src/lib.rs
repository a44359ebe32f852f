//! twinform: one spec of containerized services → CloudFormation for ECS on Fargate and
//! Kubernetes manifests for EKS on Fargate.
//!
//! # Architecture
//!
//! One direction, each stage its own module (see README.md, "Architecture"):
//!
//! ```text
//! TOML text ─ spec::load ─▶ Spec (+ spans, unknown keys)     builder::App ─▶ TOML text
//! Spec ─ check ─▶ CheckedSpec | Vec<Diagnostic>
//! CheckedSpec ─ model::lower ─▶ Model
//! Model ─ emit::cloudformation ─▶ Template    Model ─ emit::kubernetes ─▶ Vec<KubeObject>
//! Template, objects ─ output ─▶ FileSet (path → bytes)
//! FileSet, diagnostics ─ cli (binary only) ─▶ disk, stderr, exit code
//! ```
//!
//! Architecture Invariant: the library does no I/O — no `std::fs`, `std::env`, clocks or
//! printing outside `src/cli/`, which belongs to the binary.

pub mod arn;
pub mod check;
pub mod diag;
pub mod fargate;
pub mod model;
pub mod names;
pub mod routes;
pub mod spec;
