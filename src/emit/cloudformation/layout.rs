//! The single template, and what every layout (single template, nested stacks) starts from.

use super::cluster;
use super::job;
use super::load_balancer;
use super::network;
use super::refs::{ClusterRefs, LoadBalancerRefs, NetworkRefs};
use super::scope::Scope;
use super::service;
use super::template::Template;
use crate::model::Model;

pub fn root(model: &Model) -> Template {
    Template::new(format!("twinform: {} on ECS Fargate", model.app.name))
}

/// What every layout's root holds: network, cluster, log key, namespace and load balancer.
pub fn base(
    model: &Model,
    t: &mut Template,
) -> (NetworkRefs, ClusterRefs, Option<LoadBalancerRefs>) {
    let net = network::emit(model, t);
    let cluster = cluster::emit(model, t);
    let lb = load_balancer::emit(model, &net, t);
    // Jobs stay in the root in every layout: they need the cluster and subnets only.
    let scope = Scope::single(&net, &cluster, lb.as_ref());
    for job in &model.jobs {
        job::emit(model, job, &scope, t);
    }
    (net, cluster, lb)
}

/// The ECS template, as one template whatever its size (see [`super::stacks`] for the deployable
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
