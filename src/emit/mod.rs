//! Emitters: pure, infallible functions from the [`Model`](crate::model::Model) to typed
//! CloudFormation and Kubernetes objects.
//!
//! Architecture Invariant: no emitter returns `Result` or reads anything but the model.

pub mod cloudformation;
pub mod kubernetes;
