//! CloudFormation for ECS on Fargate behind Application Load Balancers (one up to 100 routes,
//! several past that; see `crate::load_balancers`). This module never returns an error.
//!
//! Architecture Invariant: every resource is a typed struct and every intrinsic an [`Expr`];
//! logical IDs are `{app or service logical ID}{Kind}`, so adding or removing a service never
//! renames or changes another service's resources. No physical names where CloudFormation can
//! generate one (load balancer, target groups, roles, log groups, services).

// Layers, bottom up; a module imports only from its own layer or below (`tests/tidy.rs`):
// 1. `intrinsic`; 2. `resources` (typed properties per AWS namespace); 3. `template`;
// 4. `ids`, `refs`, then `scope`; 5. builders: `network`, `cluster`, `iam`, `edge`,
// `load_balancer`, `task`, `scaling_queue`, `scaling`, `service`, `eks`; 6. `layout`, then `nested` and this file.
mod cluster;
mod edge;
mod eks;
mod iam;
mod ids;
mod intrinsic;
mod job;
mod layout;
mod load_balancer;
mod nested;
mod network;
mod refs;
mod resources;
mod scaling;
mod scaling_queue;
mod scope;
mod service;
mod task;
mod template;

pub use intrinsic::{Expr, LogicalId, Pseudo};
pub use layout::template;
pub use nested::{Nesting, Stacks, stacks};
pub use resources::Tag;
pub use resources::cloudformation::Stack;
pub use template::{Metadata, Output, Policy, Properties, Provenance, Resource, Template};

use crate::model::Model;

/// The EKS Fargate-profile template, when `[kubernetes] cluster` is set.
pub fn eks_fargate_template(model: &Model) -> Option<Template> {
    model
        .kubernetes
        .cluster
        .as_ref()
        .map(|cluster| eks::template(model, cluster))
}
