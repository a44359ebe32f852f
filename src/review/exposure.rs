//! Exposure: who can open a connection to each service, on each target — the internet (a route
//! on an internet-facing load balancer), the VPC (an internal load balancer, or a port the
//! network objects open to the VPC's addresses), only the services that `call` it, or nothing.
//!
//! Derived from the model data the emitters build the network objects from — the routes and
//! load balancers (ECS listener rules, EKS Ingress), the callers (ECS security-group ingress
//! edges, EKS NetworkPolicy pod peers) and the Kubernetes VPC CIDR (the NetworkPolicy IP
//! block) — so it says what the output allows; `tests/exposure.rs` cross-checks it against the
//! emitted objects.
//!
//! Architecture Invariant: pure; reads a `Model`, returns data.

use crate::model::{Model, Role, Service};
use serde::Serialize;

/// How far a service can be reached from, narrowest first (so `max` is the widest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// No port, or a port nothing is admitted to.
    None,
    /// Only the services that list it in `calls`.
    Callers,
    /// Anything inside the VPC.
    Vpc,
    /// Anyone on the internet.
    Internet,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Callers => "callers",
            Level::Vpc => "vpc",
            Level::Internet => "internet",
        }
    }
}

/// One service's exposure on one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reach {
    /// What the network actually lets through.
    pub level: Level,
    /// What the emitted objects declare; wider or narrower than `level` only where the platform
    /// does not enforce them (NetworkPolicies on EKS Fargate).
    pub declared: Level,
    /// Entry points through the load balancer: `host/path`, or `<alb>/path` without a host.
    pub via: Vec<String>,
    /// The services admitted by name (security-group edges, NetworkPolicy pod peers), sorted.
    pub callers: Vec<String>,
    /// Why `level` is what it is, beyond `via` and `callers`.
    pub notes: Vec<String>,
}

/// One service's (or job's) exposure on both targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceExposure {
    pub name: String,
    /// `server`, `worker` or `job`.
    pub kind: &'static str,
    pub ecs: Reach,
    pub eks: Reach,
}

impl ServiceExposure {
    /// The wider of the two targets' levels.
    pub fn widest(&self) -> Level {
        self.ecs.level.max(self.eks.level)
    }
}

/// Every service's and job's exposure, services first (sorted by name), then jobs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exposure {
    pub app: String,
    pub services: Vec<ServiceExposure>,
}

impl Exposure {
    pub fn service(&self, name: &str) -> Option<&ServiceExposure> {
        self.services.iter().find(|s| s.name == name)
    }
}

/// Why NetworkPolicies do not narrow anything on EKS Fargate (domain reference §2.4).
/// <https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html>
pub const NETWORK_POLICY_NOT_ENFORCED: &str = "EKS on Fargate does not enforce NetworkPolicies: \
     the pods' security group (the cluster security group unless Security Groups for Pods \
     assign one) decides who reaches the port";

/// The entry point of a route: `host/path`, or `<alb>/path` (`<alb2>/path`…) without a host.
pub fn entry_point(model: &Model, service: &Service) -> Option<String> {
    let route = service.route()?;
    let host = match &route.host {
        Some(host) => host.clone(),
        None => {
            let label = model
                .ingress
                .load_balancers
                .get(route.load_balancer)
                .map_or("", |b| b.label.as_str());
            format!("<alb{label}>")
        }
    };
    Some(format!("{host}{}", route.path))
}

fn none(notes: Vec<String>) -> Reach {
    Reach {
        level: Level::None,
        declared: Level::None,
        via: Vec::new(),
        callers: Vec::new(),
        notes,
    }
}

/// The level a load-balancer route gives: the scheme of the ALB (twinform's, or the shared
/// listener's, whose scheme `ingress.public` states).
fn routed_level(model: &Model) -> Level {
    if model.ingress.public {
        Level::Internet
    } else {
        Level::Vpc
    }
}

/// Who calls a server, and where the load balancer reaches it: the same on both targets.
fn callers_and_entry(
    model: &Model,
    service: &Service,
    server: &crate::model::Server,
) -> (Vec<String>, Vec<String>) {
    let callers = model
        .names(&server.callers)
        .into_iter()
        .map(str::to_owned)
        .collect();
    (callers, entry_point(model, service).into_iter().collect())
}

fn ecs(model: &Model, service: &Service) -> Reach {
    let Some(server) = service.server() else {
        return none(Vec::new());
    };
    let (callers, via) = callers_and_entry(model, service, server);
    let mut notes = Vec::new();
    // The task's security group admits the load balancer's group (when routed) and each
    // caller's group, nothing else (`emit::cloudformation::service::ingress`).
    let level = if !via.is_empty() {
        if model.ingress.shared_listener.is_some() {
            notes.push(
                "routed through the shared listener's load balancer, whose scheme twinform does not set".to_owned(),
            );
        }
        routed_level(model)
    } else if !callers.is_empty() {
        Level::Callers
    } else {
        notes.push("no route and no callers: its security group admits nothing".to_owned());
        Level::None
    };
    Reach {
        level,
        declared: level,
        via,
        callers,
        notes,
    }
}

fn eks(model: &Model, service: &Service) -> Reach {
    let Some(server) = service.server() else {
        return none(Vec::new());
    };
    let (callers, via) = callers_and_entry(model, service, server);
    let mut notes = Vec::new();
    // The NetworkPolicy admits the callers' pods and, when routed, the ALB's addresses: the VPC
    // CIDR, or any source when it is unknown (`emit::kubernetes::networking::ingress_rules`).
    let declared = if !via.is_empty() {
        match &model.kubernetes.vpc_cidr {
            Some(cidr) => notes.push(format!(
                "its NetworkPolicy admits {cidr} (the load balancer's subnets) on port {} directly, not only through the load balancer",
                server.port
            )),
            None => notes.push(format!(
                "its NetworkPolicy admits any source on port {} directly (no VPC CIDR known for the load balancer's addresses)",
                server.port
            )),
        }
        // Fargate pods have private addresses only, so a direct path is at most the VPC's.
        routed_level(model)
    } else if !callers.is_empty() {
        Level::Callers
    } else {
        Level::None
    };
    // Not enforced: every server's port is as open as the pods' security group, which on
    // Fargate is the cluster security group by default; VPC at most for our purposes.
    let level = declared.max(Level::Vpc);
    if level != declared {
        notes.push(NETWORK_POLICY_NOT_ENFORCED.to_owned());
    }
    Reach {
        level,
        declared,
        via,
        callers,
        notes,
    }
}

fn kind(service: &Service) -> &'static str {
    match service.role {
        Role::Server(_) => "server",
        Role::Worker(_) => "worker",
        Role::Job => "job",
    }
}

/// The exposure of every service and job of `model`.
pub fn exposure(model: &Model) -> Exposure {
    let services = model
        .services
        .iter()
        .chain(model.jobs.iter().map(|j| &j.task))
        .map(|service| ServiceExposure {
            name: service.name.clone(),
            kind: kind(service),
            ecs: ecs(model, service),
            eks: eks(model, service),
        })
        .collect();
    Exposure {
        app: model.app.name.clone(),
        services,
    }
}
