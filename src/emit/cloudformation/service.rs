//! Per service: log group, roles, task definition, security group and its ingress edges, target
//! group and listener rule when routed, the ECS service, and its autoscaling.

use super::iam;
use super::ids::{Ids, ServiceResource};
use super::intrinsic::Expr;
use super::load_balancer;
use super::resources::ec2::{SecurityGroup, SecurityGroupIngress, SecurityGroupRule};
use super::resources::ecs::{
    AdvancedConfiguration, AwsvpcConfiguration, CanaryConfiguration, CapacityProviderStrategyItem,
    ClientAlias, DeploymentCircuitBreaker, DeploymentConfiguration, DeploymentController,
    EcsService, FARGATE, FARGATE_SPOT, LinearConfiguration, NetworkConfiguration,
    ServiceConnectConfiguration, ServiceConnectService, ServiceLoadBalancer, TimeoutConfiguration,
};
use super::resources::logs::LogGroup;
use super::scaling;
use super::scope::Scope;
use super::task::task_definition;
use super::template::{Resource, Template, tags};
use crate::model::{AppIam, Deploy, Model, Protocol, Role, Scaling, Server, Service};

/// Idle seconds before Service Connect closes a connection: kube-proxy's default conntrack
/// timeout for an established TCP connection (`conntrack.tcpEstablishedTimeout`, 24 h).
pub const SERVICE_CONNECT_IDLE_TIMEOUT_SECONDS: u32 = 86_400;

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

/// One ingress resource per edge into a server: from the ALB when routed, and from each
/// caller. A worker has no port, so nothing may connect to it.
fn ingress(model: &Model, service: &Service, server: &Server, scope: &Scope<'_>, t: &mut Template) {
    let port = server.port;
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
    if let Some(lb_group) = server
        .route
        .as_ref()
        .and_then(|_| scope.load_balancer_group_id())
    {
        t.add(
            // Not `IngressFrom…`: that is the caller edges' namespace, and a service may be
            // named `load-balancer`.
            &ids.of(ServiceResource::LoadBalancerIngress),
            edge(lb_group, format!("{} from the load balancer", service.name)),
        );
    }
    for &caller in &server.callers {
        let caller = model.service(caller);
        t.add(
            &ids.ingress_from(caller),
            edge(
                scope.group_id(caller),
                format!("{} from {}", service.name, caller.name),
            ),
        );
    }
}

/// The ECS deployment of a strategy: rolling as before; the others ECS's native strategies
/// with every number written (no ECS default left implicit). The circuit breaker and 100/200
/// stay: cfn-lint accepts them with every strategy.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html>
fn deployment_configuration(deploy: Deploy) -> DeploymentConfiguration {
    let (strategy, canary, linear) = match deploy {
        Deploy::Rolling => (None, None, None),
        Deploy::BlueGreen { .. } => (Some("BLUE_GREEN"), None, None),
        Deploy::Canary {
            percent, minutes, ..
        } => (
            Some("CANARY"),
            Some(CanaryConfiguration {
                canary_bake_time_in_minutes: minutes,
                canary_percent: f64::from(percent),
            }),
            None,
        ),
        Deploy::Linear {
            percent, minutes, ..
        } => (
            Some("LINEAR"),
            None,
            Some(LinearConfiguration {
                step_bake_time_in_minutes: minutes,
                step_percent: f64::from(percent),
            }),
        ),
    };
    DeploymentConfiguration {
        bake_time_in_minutes: deploy.bake(),
        canary_configuration: canary,
        deployment_circuit_breaker: DeploymentCircuitBreaker {
            enable: true,
            rollback: true,
        },
        linear_configuration: linear,
        maximum_percent: 200,
        minimum_healthy_percent: 100,
        strategy,
    }
}

/// What runs a service's or a job's task: its log group, execution and task roles and task
/// definition.
pub fn emit_task(model: &Model, service: &Service, scope: &Scope<'_>, t: &mut Template) {
    let ids = Ids(service);
    let app_tags = || tags(&model.app.tags, &[]);
    t.add(
        &ids.of(ServiceResource::LogGroup),
        Resource::from(LogGroup {
            kms_key_id: scope.log_key_arn(),
            retention_in_days: model.app.log_retention_days,
            tags: app_tags(),
        })
        .retain(),
    );
    t.add(
        &ids.of(ServiceResource::ExecutionRole),
        iam::execution_role(service, app_tags()),
    );
    // A service that brings its own role gets none created.
    if !matches!(service.iam, Some(AppIam::Role(_))) {
        t.add(
            &ids.of(ServiceResource::TaskRole),
            iam::task_role(service, app_tags()),
        );
    }
    t.add(
        &ids.of(ServiceResource::TaskDefinition),
        task_definition(model, service, &ids, app_tags()),
    );
}

/// Every resource of one service; in a child stack all but its security group (which lives in
/// a security-group stack).
pub fn emit(model: &Model, service: &Service, scope: &Scope<'_>, t: &mut Template) {
    let ids = Ids(service);
    let app_tags = || tags(&model.app.tags, &[]);
    emit_task(model, service, scope, t);
    if !scope.is_child() {
        t.add(
            &ids.of(ServiceResource::SecurityGroup),
            security_group(model, service, scope.vpc_id()),
        );
    }
    let server = match &service.role {
        Role::Server(server) => {
            ingress(model, service, server, scope, t);
            Some(server)
        }
        Role::Worker(_) | Role::Job => None,
    };

    // Routed: target group, listener rule, and the service waits for the rule (and the
    // listener) so the target group is attached before ECS registers tasks in it.
    let mut depends_on = Vec::new();
    let mut load_balancers = Vec::new();
    if let Some((server, route, (listener, wait))) = server.and_then(|server| {
        let route = server.route.as_ref()?;
        Some((server, route, scope.listener(route)?))
    }) {
        let target_group = load_balancer::target_group_id(model, service);
        t.add(
            &target_group,
            load_balancer::target_group(model, service, route, scope.vpc_id()),
        );
        // A traffic-shifting deployment: a second group like the first, and the role ECS
        // re-weights the rule with.
        let shifting = (!route.deploy.is_rolling())
            .then(|| scope.infrastructure_role_arn())
            .flatten()
            .map(|role| {
                let alternate = load_balancer::alternate_target_group_id(model, service);
                t.add(
                    &alternate,
                    load_balancer::target_group(model, service, route, scope.vpc_id()),
                );
                (alternate, role)
            });
        let rule = ids.of(ServiceResource::ListenerRule);
        t.add(
            &rule,
            load_balancer::listener_rule(
                route,
                listener,
                &target_group,
                shifting.as_ref().map(|(alternate, _)| alternate),
            ),
        );
        let advanced_configuration = shifting.map(|(alternate, role_arn)| AdvancedConfiguration {
            alternate_target_group_arn: alternate.r#ref(),
            production_listener_rule: rule.r#ref(),
            role_arn,
        });
        // A shifting service names its rule (`ProductionListenerRule`), which orders it.
        let named = advanced_configuration.is_some();
        depends_on.extend(wait.into_iter().chain((!named).then_some(rule)));
        load_balancers.push(ServiceLoadBalancer {
            advanced_configuration,
            container_name: service.name.clone(),
            container_port: server.port,
            target_group_arn: target_group.r#ref(),
        });
    }
    // Callees first: Service Connect tasks resolve only the endpoints that existed when they
    // started. In a nested layout a callee in another stack is a dependency between the stacks
    // instead (`nested::assemble` moves it).
    for &callee in &service.start_after {
        depends_on.push(Ids(model.service(callee)).of(ServiceResource::Service));
    }
    let routed = !load_balancers.is_empty();
    let public = model.network.tasks_in_public_subnets();
    // Tasks started before their subnet's route exists cannot pull images or read secrets.
    depends_on.extend(scope.egress(public));
    let ecs_service = ids.of(ServiceResource::Service);
    t.add(
        &ecs_service,
        Resource::from(EcsService {
            capacity_provider_strategy: vec![CapacityProviderStrategyItem {
                capacity_provider: if service.spot { FARGATE_SPOT } else { FARGATE },
                weight: 1,
            }],
            cluster: scope.cluster(),
            deployment_configuration: deployment_configuration(service.deploy()),
            deployment_controller: DeploymentController { kind: "ECS" },
            desired_count: match service.scaling {
                Scaling::Fixed(n) => Some(n),
                Scaling::Auto(_) => None,
            },
            enable_ecs_managed_tags: true,
            enable_execute_command: service.exec,
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
                services: match server {
                    Some(server) => vec![ServiceConnectService {
                        client_aliases: vec![ClientAlias {
                            dns_name: service.name.clone(),
                            port: server.port,
                        }],
                        discovery_name: service.name.clone(),
                        port_name: server.port_name.clone(),
                        timeout: TimeoutConfiguration {
                            idle_timeout_seconds: SERVICE_CONNECT_IDLE_TIMEOUT_SECONDS,
                            per_request_timeout_seconds: match server.protocol {
                                Protocol::Http | Protocol::Grpc => Some(0),
                                Protocol::Tcp => None,
                            },
                        },
                    }],
                    // A worker is a client of the namespace only.
                    None => Vec::new(),
                },
            },
            task_definition: ids.of(ServiceResource::TaskDefinition).r#ref(),
            tags: app_tags(),
        })
        .depends_on(depends_on),
    );
    t.output(
        format!("{}ServiceName", service.logical_id),
        format!("Name of the ECS service {}", service.name),
        ecs_service.get_att("Name"),
    );
    // The EFS mount targets must admit this group on NFS (2049): its ID, for that rule.
    if !service.volumes.is_empty() {
        t.output(
            format!("{}ServiceSecurityGroupId", service.logical_id),
            format!(
                "Security group of {}: allow it on TCP 2049 into its EFS mount targets",
                service.name
            ),
            scope.group_id(service),
        );
    }
    if let Scaling::Auto(autoscale) = &service.scaling {
        scaling::emit(model, service, autoscale, &ecs_service, scope, t);
    }
}
