//! CloudFormation for ECS on Fargate behind one ALB. This module never returns an error.
//!
//! Architecture Invariant: every resource is a typed struct and every intrinsic an [`Expr`];
//! logical IDs are `{app or service logical ID}{Kind}`, so adding or removing a service never
//! renames or changes another service's resources. No physical names where CloudFormation can
//! generate one (load balancer, target groups, roles, log groups, services).

mod cluster;
mod edge;
mod eks;
mod iam;
mod intrinsic;
mod load_balancer;
mod network;
mod scaling;
mod service;
mod task;
mod template;

pub use intrinsic::{Expr, LogicalId, Pseudo};
pub use template::{Output, Policy, Properties, Resource, Tag, Template};

use crate::model::Model;

/// The ECS template.
pub fn template(model: &Model) -> Template {
    let mut t = Template::new(format!("twinform: {} on ECS Fargate", model.app.name));
    let net = network::emit(model, &mut t);
    let cluster = cluster::emit(model, &mut t);
    let lb = load_balancer::emit(model, &net, &mut t);
    for service in &model.services {
        service::emit(model, service, &net, &cluster, lb.as_ref(), &mut t);
    }
    t
}

/// The EKS Fargate-profile template, when `[kubernetes] cluster` is set.
pub fn eks_fargate_template(model: &Model) -> Option<Template> {
    model
        .kubernetes
        .cluster
        .as_ref()
        .map(|cluster| eks::template(model, cluster))
}
