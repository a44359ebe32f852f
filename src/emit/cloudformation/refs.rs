//! What builders hand each other: the references to the network, the cluster and the load
//! balancers, as the single template or the root of the nested layout has them.

use super::intrinsic::{Expr, LogicalId};
use crate::model::{Model, Route};

/// What the rest of the template needs from the network.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkRefs {
    pub vpc_id: Expr,
    pub public_subnets: Vec<Expr>,
    pub private_subnets: Vec<Expr>,
    /// The address ranges counted as "inside": an internal ALB's clients and targets.
    pub internal_cidrs: Vec<Expr>,
    /// The gateway attachment an internet-facing ALB must wait for (managed VPC only).
    pub internet_attachment: Option<LogicalId>,
    /// What a task in the public or private subnets needs to reach the internet (the subnets'
    /// route-table associations and default routes; managed VPC only). CloudFormation orders
    /// only what references connect, and a service references its subnets, not their routes.
    pub public_egress: Vec<LogicalId>,
    pub private_egress: Vec<LogicalId>,
}

impl NetworkRefs {
    pub fn egress(&self, public: bool) -> &[LogicalId] {
        if public {
            &self.public_egress
        } else {
            &self.private_egress
        }
    }
}

/// What services need from the cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterRefs {
    pub cluster: LogicalId,
    pub namespace: LogicalId,
    pub log_key: LogicalId,
    /// The role ECS assumes to re-weight listener rules, when a service shifts traffic.
    pub infrastructure_role: Option<LogicalId>,
}

/// What routed services need from the load balancers, in this template or shared.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadBalancerRefs {
    /// The security group of every load balancer, admitted into routed services.
    pub security_group: Expr,
    /// One per [`crate::model::Ingress::load_balancers`], in the same order.
    pub balancers: Vec<BalancerRefs>,
}

/// One load balancer's references.
#[derive(Debug, Clone, PartialEq)]
pub struct BalancerRefs {
    /// Suffix of its names (`""` for the first, else its number).
    pub label: String,
    /// `app/NAME/ID` (the request-count metric's label prefix).
    pub full_name: Expr,
    /// The listener that carries the service rules (HTTPS with a certificate, else HTTP).
    pub rules_listener: Expr,
    /// The listener resource the services wait for, when it is in this template.
    pub listener_resource: Option<LogicalId>,
}

impl LoadBalancerRefs {
    /// The load balancer a route is laid out on.
    pub fn of(&self, route: &Route) -> Option<&BalancerRefs> {
        self.balancers.get(route.load_balancer)
    }
}

/// `{App}{Kind}{label}`: the first load balancer's resources keep the single ALB's IDs.
pub fn balancer_id(model: &Model, kind: &str, label: &str) -> LogicalId {
    LogicalId::new(&model.app.logical_id, &format!("{kind}{label}"))
}
