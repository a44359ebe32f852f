//! How a service's resources reach what lives outside them. In the single template a value is a
//! `Ref`/`GetAtt` of the resource itself; in a child stack it is a `Ref` of a parameter, recorded
//! here with the value the root passes for it. Parameters are recorded when used, so a child
//! declares exactly the parameters it references (an unused one is cfn-lint W2001).

use super::ids::{Ids, ServiceResource};
use super::intrinsic::{Expr, LogicalId};
use super::refs::{ClusterRefs, LoadBalancerRefs, NetworkRefs};
use crate::model::{Route, Service};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// Where the root finds the value of a child's parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// An expression over the root's own resources and parameters.
    Root(Expr),
    /// The group ID of this service's security group, an output of its security-group stack
    /// (known only once the layout is chosen).
    Group(String),
}

/// Parameter name → where its value comes from.
pub type Imports = BTreeMap<LogicalId, Source>;

pub struct Scope<'a> {
    net: &'a NetworkRefs,
    cluster: &'a ClusterRefs,
    lb: Option<&'a LoadBalancerRefs>,
    /// `Some` in a child stack: the parameters used so far.
    child: Option<RefCell<Imports>>,
}

impl<'a> Scope<'a> {
    /// The single template: everything is a resource of the same template.
    pub fn single(
        net: &'a NetworkRefs,
        cluster: &'a ClusterRefs,
        lb: Option<&'a LoadBalancerRefs>,
    ) -> Self {
        Scope {
            net,
            cluster,
            lb,
            child: None,
        }
    }

    /// A child stack: the root's resources and the security groups become parameters.
    pub fn child(
        net: &'a NetworkRefs,
        cluster: &'a ClusterRefs,
        lb: Option<&'a LoadBalancerRefs>,
    ) -> Self {
        Scope {
            child: Some(RefCell::new(Imports::new())),
            ..Scope::single(net, cluster, lb)
        }
    }

    pub fn is_child(&self) -> bool {
        self.child.is_some()
    }

    /// The parameters used so far and their root-side values (empty for the single template).
    pub fn into_imports(self) -> Imports {
        match self.child {
            Some(imports) => imports.into_inner(),
            None => Imports::new(),
        }
    }

    fn import(&self, name: LogicalId, value: Expr) -> Expr {
        match &self.child {
            None => value,
            Some(imports) => {
                let reference = name.r#ref();
                imports.borrow_mut().insert(name, Source::Root(value));
                reference
            }
        }
    }

    /// `GetAtt` of a root resource; in a child, the parameter `{id}{attribute}`.
    fn attr(&self, id: &LogicalId, attribute: &'static str) -> Expr {
        self.import(
            LogicalId::new(id.as_str(), attribute),
            id.get_att(attribute),
        )
    }

    pub fn vpc_id(&self) -> Expr {
        self.import(LogicalId::named("VpcId"), self.net.vpc_id.clone())
    }

    /// The subnets tasks run in: public ones (with public IPs) when there is no NAT.
    pub fn task_subnets(&self, public: bool) -> Vec<Expr> {
        let (subnets, kind) = if public {
            (&self.net.public_subnets, "PublicSubnet")
        } else {
            (&self.net.private_subnets, "PrivateSubnet")
        };
        subnets
            .iter()
            .enumerate()
            .map(|(i, subnet)| {
                self.import(LogicalId::new(kind, &(i + 1).to_string()), subnet.clone())
            })
            .collect()
    }

    /// What the tasks' subnets need to reach the internet, to wait for in the same template
    /// (a child stack's resource in the root waits for it instead: see `nested.rs`).
    pub fn egress(&self, public: bool) -> Vec<LogicalId> {
        if self.is_child() {
            Vec::new()
        } else {
            self.net.egress(public).to_vec()
        }
    }

    /// `Ref` of the cluster (its name). A child's parameter has the cluster's logical ID, so
    /// `${Cluster}` in an `Fn::Sub` reads the same in both.
    pub fn cluster(&self) -> Expr {
        let id = &self.cluster.cluster;
        self.import(id.clone(), id.r#ref())
    }

    /// `${Cluster}` for an `Fn::Sub` string. The placeholder names the cluster resource in the
    /// single template and the parameter of the same name in a child, which this registers.
    pub fn cluster_in_sub(&self) -> String {
        // Registering the import is the point; the `Ref` itself is spelled by the placeholder.
        let _parameter_registered = self.cluster();
        format!("${{{}}}", self.cluster.cluster)
    }

    pub fn namespace_arn(&self) -> Expr {
        self.attr(&self.cluster.namespace, "Arn")
    }

    /// The ARN of the role ECS shifts traffic with (emitted when some service needs it).
    pub fn infrastructure_role_arn(&self) -> Option<Expr> {
        let role = self.cluster.infrastructure_role.as_ref()?;
        Some(self.attr(role, "Arn"))
    }

    pub fn log_key_arn(&self) -> Expr {
        self.attr(&self.cluster.log_key, "Arn")
    }

    /// The listener carrying a route's rule: its ARN, and the ID to wait for when it is a
    /// resource of the same template (a child stack already waits for its parameters'
    /// resources; a shared listener is not ours to wait for).
    pub fn listener(&self, route: &Route) -> Option<(Expr, Option<LogicalId>)> {
        let balancer = self.lb?.of(route)?;
        let wait = balancer
            .listener_resource
            .clone()
            .filter(|_| !self.is_child());
        Some((
            self.import(
                LogicalId::named(&format!("RulesListenerArn{}", balancer.label)),
                balancer.rules_listener.clone(),
            ),
            wait,
        ))
    }

    pub fn load_balancer_group_id(&self) -> Option<Expr> {
        let lb = self.lb?;
        Some(self.import(
            LogicalId::named("LoadBalancerSecurityGroupId"),
            lb.security_group.clone(),
        ))
    }

    /// `app/NAME/ID` of the load balancer a route is on.
    pub fn load_balancer_full_name(&self, route: &Route) -> Option<Expr> {
        let balancer = self.lb?.of(route)?;
        Some(self.import(
            LogicalId::named(&format!("LoadBalancer{}FullName", balancer.label)),
            balancer.full_name.clone(),
        ))
    }

    /// The `GroupId` of a service's security group.
    pub fn group_id(&self, service: &Service) -> Expr {
        match &self.child {
            Some(imports) => {
                let name = group_output(service);
                let reference = name.r#ref();
                imports
                    .borrow_mut()
                    .insert(name, Source::Group(service.name.clone()));
                reference
            }
            None => Ids(service)
                .of(ServiceResource::SecurityGroup)
                .get_att("GroupId"),
        }
    }
}

/// The output of a security-group stack (and the parameter of a services stack) carrying a
/// service's group ID.
pub fn group_output(service: &Service) -> LogicalId {
    LogicalId::new(&service.logical_id, "SecurityGroupId")
}
