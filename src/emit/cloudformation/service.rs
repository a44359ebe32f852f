//! Per service: log group, roles, task definition, security group and its ingress edges, target
//! group and listener rule when routed, the ECS service, and its autoscaling.

use super::cluster::{CapacityProviderStrategyItem, FARGATE, FARGATE_SPOT, LogGroup};
use super::iam;
use super::intrinsic::{Expr, LogicalId};
use super::load_balancer;
use super::network::{SecurityGroup, SecurityGroupIngress, SecurityGroupRule};
use super::scaling;
use super::scope::Scope;
use super::task::task_definition;
use super::template::{Resource, Tag, Template, tags};
use crate::model::{AppIam, Model, Protocol, Scaling, Service};
use serde::Serialize;

/// `AWS::ECS::Service` without `ServiceName`: a generated name never blocks a replacement; the
/// Service Connect name is the spec name.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EcsService {
    pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    pub cluster: Expr,
    pub deployment_configuration: DeploymentConfiguration,
    pub deployment_controller: DeploymentController,
    /// Absent when autoscaled: a value here would reset the running count on every update.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desired_count: Option<u32>,
    #[serde(rename = "EnableECSManagedTags")]
    pub enable_ecs_managed_tags: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check_grace_period_seconds: Option<u32>,
    /// Always written: an absent property leaves the live value, so removing a route would
    /// keep the service on a deleted target group; `[]` detaches it.
    pub load_balancers: Vec<ServiceLoadBalancer>,
    pub network_configuration: NetworkConfiguration,
    pub propagate_tags: &'static str,
    pub service_connect_configuration: ServiceConnectConfiguration,
    pub task_definition: Expr,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeploymentConfiguration {
    pub deployment_circuit_breaker: DeploymentCircuitBreaker,
    pub maximum_percent: u32,
    pub minimum_healthy_percent: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeploymentCircuitBreaker {
    pub enable: bool,
    pub rollback: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeploymentController {
    #[serde(rename = "Type")]
    pub kind: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceLoadBalancer {
    pub container_name: String,
    pub container_port: u16,
    pub target_group_arn: Expr,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkConfiguration {
    pub awsvpc_configuration: AwsvpcConfiguration,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AwsvpcConfiguration {
    pub assign_public_ip: &'static str,
    pub security_groups: Vec<Expr>,
    pub subnets: Vec<Expr>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceConnectConfiguration {
    pub enabled: bool,
    pub namespace: Expr,
    /// Empty for a worker: a client of the namespace only.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ServiceConnectService>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceConnectService {
    pub client_aliases: Vec<ClientAlias>,
    pub discovery_name: String,
    pub port_name: String,
    pub timeout: TimeoutConfiguration,
}

/// Service Connect's proxy (on both ends of a call, and in front of the app for ALB traffic
/// too: containers-roadmap#1958) cuts a request at 15 s by default; EKS (kube-proxy) cuts
/// none. `PerRequestTimeoutSeconds: 0` disables the cut (HTTP and gRPC only: "Only
/// idleTimeout is allowed for TCP appProtocol"); idle connections last as long as kube-proxy's
/// conntrack keeps an established one (24 h) instead of 5 min (HTTP) / 1 h (TCP).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TimeoutConfiguration {
    pub idle_timeout_seconds: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_request_timeout_seconds: Option<u32>,
}

/// Idle seconds before Service Connect closes a connection: kube-proxy's default conntrack
/// timeout for an established TCP connection (`conntrack.tcpEstablishedTimeout`, 24 h).
pub const SERVICE_CONNECT_IDLE_TIMEOUT_SECONDS: u32 = 86_400;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClientAlias {
    pub dns_name: String,
    pub port: u16,
}

/// The logical IDs of one service's resources: `{service.logical_id}{Kind}`, nothing else.
pub struct Ids<'a>(pub &'a Service);

impl Ids<'_> {
    pub fn of(&self, kind: &str) -> LogicalId {
        LogicalId::new(&self.0.logical_id, kind)
    }
}

/// The service's security group (egress open: images, AWS APIs, callees); its ingress rules are
/// separate resources (`ingress`), so groups that name each other never form a cycle.
pub fn security_group(model: &Model, service: &Service, vpc_id: Expr) -> SecurityGroup {
    SecurityGroup {
        group_description: format!("{} {} tasks", model.app.name, service.name),
        security_group_egress: vec![SecurityGroupRule::all_traffic(
            "0.0.0.0/0".into(),
            "All outbound traffic".to_owned(),
        )],
        security_group_ingress: Vec::new(),
        vpc_id,
        tags: tags(&model.app.tags, &[]),
    }
}

/// One ingress resource per edge into the service: from the ALB when routed, and from each
/// caller.
fn ingress(model: &Model, service: &Service, scope: &Scope<'_>, t: &mut Template) {
    // A worker has no port: nothing may connect to it (checks reject callers and routes).
    let Some(port) = service.port else { return };
    let ids = Ids(service);
    let group = scope.group_id(service);
    let edge = |source: Expr, description: String| SecurityGroupIngress {
        description,
        from_port: port,
        group_id: group.clone(),
        ip_protocol: "tcp",
        source_security_group_id: source,
        to_port: port,
    };
    // The route first: asking for the load balancer's group declares it in a child stack.
    if let Some(lb_group) = service
        .route
        .as_ref()
        .and_then(|_| scope.load_balancer_group_id())
    {
        t.add(
            // Not `IngressFrom…`: that is the caller edges' namespace, and a service may be
            // named `load-balancer`.
            &ids.of("LoadBalancerIngress"),
            edge(lb_group, format!("{} from the load balancer", service.name)),
        );
    }
    for caller in &service.callers {
        let Ok(at) = model
            .services
            .binary_search_by(|s| s.name.as_str().cmp(caller.as_str()))
        else {
            continue;
        };
        let caller = &model.services[at];
        t.add(
            &ids.of(&format!("IngressFrom{}", caller.logical_id)),
            edge(
                scope.group_id(caller),
                format!("{} from {}", service.name, caller.name),
            ),
        );
    }
}

/// Every resource of one service; in a child stack all but its security group (which lives in
/// a security-group stack).
pub fn emit(model: &Model, service: &Service, scope: &Scope<'_>, t: &mut Template) {
    let ids = Ids(service);
    let app_tags = || tags(&model.app.tags, &[]);
    t.add(
        &ids.of("LogGroup"),
        Resource::from(LogGroup {
            kms_key_id: scope.log_key_arn(),
            retention_in_days: model.app.log_retention_days,
            tags: app_tags(),
        })
        .retain(),
    );
    t.add(
        &ids.of("ExecutionRole"),
        iam::execution_role(service, app_tags()),
    );
    // A service that brings its own role gets none created.
    if !matches!(service.iam, Some(AppIam::Role(_))) {
        t.add(&ids.of("TaskRole"), iam::task_role(service, app_tags()));
    }
    t.add(
        &ids.of("TaskDefinition"),
        task_definition(service, &ids, &model.ecs.volume_init_image, app_tags()),
    );
    if !scope.is_child() {
        t.add(
            &ids.of("SecurityGroup"),
            security_group(model, service, scope.vpc_id()),
        );
    }
    ingress(model, service, scope, t);

    // Routed: target group, listener rule, and the service waits for the rule (and the
    // listener) so the target group is attached before ECS registers tasks in it.
    let mut depends_on = Vec::new();
    let mut load_balancers = Vec::new();
    if let Some((route, port, (listener, wait))) = service
        .route
        .as_ref()
        .and_then(|route| Some((route, service.port?, scope.listener(route)?)))
    {
        let target_group = load_balancer::target_group_id(model, service);
        t.add(
            &target_group,
            load_balancer::target_group(model, service, scope.vpc_id()),
        );
        let rule = ids.of("ListenerRule");
        t.add(
            &rule,
            load_balancer::listener_rule(route, listener, &target_group),
        );
        depends_on.extend(wait.into_iter().chain([rule]));
        load_balancers.push(ServiceLoadBalancer {
            container_name: service.name.clone(),
            container_port: port,
            target_group_arn: target_group.r#ref(),
        });
    }
    // Callees first: Service Connect tasks resolve only the endpoints that existed when they
    // started. In a nested layout a callee in another stack is a dependency between the stacks
    // instead (`nested::assemble` moves it).
    for callee in &service.start_after {
        depends_on.push(LogicalId::new(
            &crate::names::pascal_case(callee),
            "Service",
        ));
    }
    let routed = !load_balancers.is_empty();
    let public = model.network.tasks_in_public_subnets();
    // Tasks started before their subnet's route exists cannot pull images or read secrets.
    depends_on.extend(scope.egress(public));
    let ecs_service = ids.of("Service");
    t.add(
        &ecs_service,
        Resource::from(EcsService {
            capacity_provider_strategy: vec![CapacityProviderStrategyItem {
                capacity_provider: if service.spot { FARGATE_SPOT } else { FARGATE },
                weight: 1,
            }],
            cluster: scope.cluster(),
            deployment_configuration: DeploymentConfiguration {
                deployment_circuit_breaker: DeploymentCircuitBreaker {
                    enable: true,
                    rollback: true,
                },
                maximum_percent: 200,
                minimum_healthy_percent: 100,
            },
            deployment_controller: DeploymentController { kind: "ECS" },
            desired_count: match service.scaling {
                Scaling::Fixed(n) => Some(n),
                Scaling::Auto(_) => None,
            },
            enable_ecs_managed_tags: true,
            health_check_grace_period_seconds: routed.then_some(service.health.grace),
            load_balancers,
            network_configuration: NetworkConfiguration {
                awsvpc_configuration: AwsvpcConfiguration {
                    // Without NAT, tasks reach image registries and AWS APIs through a public IP.
                    assign_public_ip: if public { "ENABLED" } else { "DISABLED" },
                    security_groups: vec![scope.group_id(service)],
                    subnets: scope.task_subnets(public),
                },
            },
            propagate_tags: "SERVICE",
            service_connect_configuration: ServiceConnectConfiguration {
                enabled: true,
                namespace: scope.namespace_arn(),
                // Every service is reachable at http://<name>:<port>, whoever calls it; the
                // security group decides who may.
                // A worker is a client of the namespace only.
                services: service
                    .port
                    .map(|port| ServiceConnectService {
                        client_aliases: vec![ClientAlias {
                            dns_name: service.name.clone(),
                            port,
                        }],
                        discovery_name: service.name.clone(),
                        port_name: service.port_name.clone(),
                        timeout: TimeoutConfiguration {
                            idle_timeout_seconds: SERVICE_CONNECT_IDLE_TIMEOUT_SECONDS,
                            per_request_timeout_seconds: match service.protocol {
                                Protocol::Http | Protocol::Grpc => Some(0),
                                Protocol::Tcp => None,
                            },
                        },
                    })
                    .into_iter()
                    .collect(),
            },
            task_definition: ids.of("TaskDefinition").r#ref(),
            tags: app_tags(),
        })
        .depends_on(depends_on),
    );
    t.output(
        format!("{}ServiceName", service.logical_id),
        format!("Name of the ECS service {}", service.name),
        ecs_service.get_att("Name"),
    );
    if let Scaling::Auto(autoscale) = &service.scaling {
        scaling::emit(model, service, autoscale, &ecs_service, scope, t);
    }
}
