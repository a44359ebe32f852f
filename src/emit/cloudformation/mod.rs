//! CloudFormation for ECS on Fargate behind Application Load Balancers (one up to 100 routes,
//! several past that; see `crate::load_balancers`). This module never returns an error.
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
mod nested;
mod network;
mod scaling;
mod scope;
mod service;
mod task;
mod template;

pub use intrinsic::{Expr, LogicalId, Pseudo};
pub use nested::{Nesting, Stack, Stacks, stacks};
pub use template::{Metadata, Output, Policy, Properties, Provenance, Resource, Tag, Template};

use crate::model::Model;
use cluster::ClusterRefs;
use load_balancer::LoadBalancerRefs;
use network::NetworkRefs;
use scope::Scope;

/// The ECS template, as one template whatever its size (see [`stacks`] for the deployable
/// layout).
pub fn template(model: &Model) -> Template {
    let mut t = root(model);
    let (net, cluster, lb) = base(model, &mut t);
    let scope = Scope::single(&net, &cluster, lb.as_ref());
    for service in &model.services {
        service::emit(model, service, &scope, &mut t);
    }
    load_balancer::order_rules(model, &mut t);
    t
}

fn root(model: &Model) -> Template {
    Template::new(format!("twinform: {} on ECS Fargate", model.app.name))
}

/// What every layout's root holds: network, cluster, log key, namespace and load balancer.
fn base(model: &Model, t: &mut Template) -> (NetworkRefs, ClusterRefs, Option<LoadBalancerRefs>) {
    let net = network::emit(model, t);
    let cluster = cluster::emit(model, t);
    let lb = load_balancer::emit(model, &net, t);
    (net, cluster, lb)
}

/// The EKS Fargate-profile template, when `[kubernetes] cluster` is set.
pub fn eks_fargate_template(model: &Model) -> Option<Template> {
    model
        .kubernetes
        .cluster
        .as_ref()
        .map(|cluster| eks::template(model, cluster))
}
