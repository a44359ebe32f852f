//! The one shared ALB: its security group, listeners (default action a fixed 404), and per
//! routed service a target group and a listener rule.

use super::edge;
use super::ids::{Ids, ServiceResource};
use super::intrinsic::{Expr, LogicalId};
use super::refs::{BalancerRefs, LoadBalancerRefs, NetworkRefs, balancer_id};
use super::resources::ec2::{SecurityGroup, SecurityGroupRule};
use super::resources::elbv2::{
    Action, Attribute, Certificate, Condition, FixedResponseConfig, ForwardConfig, Listener,
    ListenerRule, LoadBalancer, Matcher, RedirectConfig, TargetGroup, TargetGroupTuple, Values,
};
use super::template::{Resource, Template, tags};
use crate::model::{Backend, DEREGISTRATION_DELAY_SECONDS, Model, Route, SSL_POLICY, Service};

fn not_found() -> Action {
    Action::FixedResponse {
        fixed_response_config: FixedResponseConfig {
            content_type: "text/plain",
            message_body: "Not Found",
            status_code: "404",
        },
    }
}

/// The ALBs, when at least one service is routed (or the shared listener's references). They
/// share one security group, so a routed service admits one group whichever ALB it is on.
pub fn emit(model: &Model, net: &NetworkRefs, t: &mut Template) -> Option<LoadBalancerRefs> {
    if model.ingress.load_balancers.is_empty() {
        return None;
    }
    if let Some(shared) = &model.ingress.shared_listener {
        return Some(edge::shared_listener(model, shared, t));
    }
    let app = &model.app;
    let ingress = &model.ingress;
    let ports: &[u16] = if ingress.https() { &[80, 443] } else { &[80] };
    let (sources, who): (Vec<Expr>, &str) = if ingress.public {
        (vec!["0.0.0.0/0".into()], "the internet")
    } else {
        (net.internal_cidrs.clone(), "inside the network")
    };
    let ingress_rules = ports
        .iter()
        .flat_map(|&port| {
            sources.iter().map(move |cidr| {
                SecurityGroupRule::tcp(
                    cidr.clone(),
                    port,
                    format!("HTTP{} from {who}", if port == 443 { "S" } else { "" }),
                )
            })
        })
        .collect();
    // Egress only into the network: the ALB talks to its targets and nothing else.
    let egress_rules = net
        .internal_cidrs
        .iter()
        .map(|cidr| SecurityGroupRule {
            cidr_ip: cidr.clone(),
            description: "To the tasks in the network".to_owned(),
            from_port: Some(1),
            ip_protocol: "tcp",
            to_port: Some(65535),
        })
        .collect();
    let security_group = LogicalId::new(&app.logical_id, "LoadBalancerSecurityGroup");
    t.add(
        &security_group,
        SecurityGroup {
            group_description: format!("{} load balancer", app.name),
            security_group_egress: egress_rules,
            security_group_ingress: ingress_rules,
            vpc_id: net.vpc_id.clone(),
            tags: tags(&app.tags, &[]),
        },
    );
    let group_id = security_group.get_att("GroupId");
    let balancers = ingress
        .load_balancers
        .iter()
        .map(|balancer| load_balancer(model, net, &balancer.label, &group_id, t))
        .collect();
    edge::dns_records(model, t);
    Some(LoadBalancerRefs {
        security_group: group_id,
        balancers,
    })
}

/// One ALB with its listeners and edge (WAF, listener certificates).
fn load_balancer(
    model: &Model,
    net: &NetworkRefs,
    label: &str,
    security_group: &Expr,
    t: &mut Template,
) -> BalancerRefs {
    let app = &model.app;
    let ingress = &model.ingress;
    let id = |kind: &str| balancer_id(model, kind, label);
    let load_balancer = id("LoadBalancer");
    let lb = Resource::from(LoadBalancer {
        load_balancer_attributes: ingress
            .load_balancer_attributes()
            .into_iter()
            .map(|(key, value)| Attribute::new(key, value))
            .collect(),
        scheme: ingress.scheme(),
        security_groups: vec![security_group.clone()],
        subnets: if ingress.public {
            net.public_subnets.clone()
        } else {
            net.private_subnets.clone()
        },
        kind: "application",
        tags: tags(&app.tags, &[]),
    });
    // An internet-facing ALB fails to create before the VPC has its internet gateway.
    let lb = match (&net.internet_attachment, ingress.public) {
        (Some(attachment), true) => lb.depends_on([attachment.clone()]),
        _ => lb,
    };
    t.add(&load_balancer, lb);
    t.output(
        format!("LoadBalancer{label}DnsName"),
        if label.is_empty() {
            "DNS name of the load balancer".to_owned()
        } else {
            format!("DNS name of load balancer {label}")
        },
        load_balancer.get_att("DNSName"),
    );

    let http = id("HttpListener");
    let http_default = match ingress.https() {
        true => Action::Redirect {
            redirect_config: RedirectConfig {
                port: "443",
                protocol: "HTTPS",
                status_code: "HTTP_301",
            },
        },
        false => not_found(),
    };
    t.add(
        &http,
        Listener {
            certificates: Vec::new(),
            default_actions: vec![http_default],
            load_balancer_arn: load_balancer.r#ref(),
            port: 80,
            protocol: "HTTP",
            ssl_policy: None,
        },
    );
    let rules_listener = match &ingress.certificate_arn {
        Some(certificate_arn) => {
            let https = id("HttpsListener");
            t.add(
                &https,
                Listener {
                    certificates: vec![Certificate {
                        certificate_arn: certificate_arn.clone(),
                    }],
                    default_actions: vec![not_found()],
                    load_balancer_arn: load_balancer.r#ref(),
                    port: 443,
                    protocol: "HTTPS",
                    ssl_policy: Some(SSL_POLICY),
                },
            );
            https
        }
        None => http,
    };
    edge::emit(model, label, &load_balancer, &rules_listener, t);
    BalancerRefs {
        label: label.to_owned(),
        full_name: load_balancer.get_att("LoadBalancerFullName"),
        rules_listener: rules_listener.r#ref(),
        listener_resource: Some(rules_listener),
    }
}

/// The `Port` of every target group. ECS registers each task's IP with the container port of
/// the service's `LoadBalancers` entry, which overrides the group's port, and the health check
/// goes to each target's traffic port by default, so the group's own port carries nothing
/// (<https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html>,
/// `Port` and `HealthCheckPort`). `Port` is create-only: a constant lets a service change its
/// port in place (a new ECS deployment) instead of replacing the group, which would switch the
/// rule to an empty group (503s until new tasks register). 8080, the most common app port, so
/// most groups created before the constant keep theirs on upgrade.
pub const TARGET_GROUP_PORT: u16 = 8080;

/// The target group's logical ID. The group follows its load balancer: one target group can
/// be attached to one load balancer only, so when the scheme changes (`ingress.public`, a
/// create-only `Scheme` replaces the load balancer, its listeners and rules) the group must be
/// replaced with it, or the new rules would attach the old group to a second load balancer
/// (`TargetGroupAssociationLimit`, cloudformation-coverage-roadmap#780). Public load balancers
/// keep the plain ID so that existing apps do not churn.
pub fn target_group_id(model: &Model, service: &Service) -> LogicalId {
    Ids(service).of(if internal(model) {
        ServiceResource::InternalTargetGroup
    } else {
        ServiceResource::TargetGroup
    })
}

fn internal(model: &Model) -> bool {
    !model.ingress.public && model.ingress.shared_listener.is_none()
}

/// The alternate target group of a blue/green, canary or linear service; it follows its load
/// balancer like the primary ([`target_group_id`]).
pub fn alternate_target_group_id(model: &Model, service: &Service) -> LogicalId {
    Ids(service).of(if internal(model) {
        ServiceResource::InternalAlternateTargetGroup
    } else {
        ServiceResource::AlternateTargetGroup
    })
}

/// The target group of a routed service, health-checked as the model says.
pub fn target_group(model: &Model, service: &Service, route: &Route, vpc_id: Expr) -> TargetGroup {
    let health = &service.health;
    let codes = route.backend.success_codes();
    TargetGroup {
        health_check_enabled: true,
        health_check_interval_seconds: health.interval,
        health_check_path: route.health_path.clone(),
        health_check_protocol: "HTTP",
        health_check_timeout_seconds: health.timeout,
        healthy_threshold_count: health.healthy,
        matcher: match route.backend {
            Backend::Http => Matcher {
                grpc_code: None,
                http_code: Some(codes),
            },
            Backend::Grpc => Matcher {
                grpc_code: Some(codes),
                http_code: None,
            },
        },
        port: TARGET_GROUP_PORT,
        protocol: "HTTP",
        protocol_version: route.backend.protocol_version(),
        target_group_attributes: vec![Attribute::new(
            "deregistration_delay.timeout_seconds",
            DEREGISTRATION_DELAY_SECONDS,
        )],
        target_type: "ip",
        unhealthy_threshold_count: health.unhealthy,
        vpc_id,
        tags: tags(&model.app.tags, &[]),
    }
}

/// The listener rule forwarding a route to its target group; its priority comes from the routes
/// of its listener alone (`crate::routes::priority`).
pub fn listener_rule(
    route: &Route,
    listener: Expr,
    target_group: &LogicalId,
    alternate: Option<&LogicalId>,
) -> ListenerRule {
    let mut conditions = Vec::new();
    if let Some(host) = &route.host {
        conditions.push(Condition::HostHeader {
            host_header_config: Values {
                values: vec![host.clone()],
            },
        });
    }
    conditions.push(Condition::PathPattern {
        path_pattern_config: Values {
            values: route.patterns.clone(),
        },
    });
    ListenerRule {
        actions: vec![match alternate {
            None => Action::Forward {
                target_group_arn: target_group.r#ref(),
            },
            // Both groups from the start: ECS refuses an alternate group that no rule
            // associates with the load balancer, and re-weights this rule on each deployment.
            Some(alternate) => Action::WeightedForward {
                forward_config: ForwardConfig {
                    target_groups: vec![
                        TargetGroupTuple {
                            target_group_arn: target_group.r#ref(),
                            weight: 100,
                        },
                        TargetGroupTuple {
                            target_group_arn: alternate.r#ref(),
                            weight: 0,
                        },
                    ],
                },
            },
        }],
        conditions,
        listener_arn: listener,
        priority: route.priority,
    }
}

/// Orders the listener rules of one template for updates: a rule waits for the rule at the next
/// number of its run ([`crate::model::Route::next`]), so that when an added rule shifts a run
/// up by one the highest moves first and each takes a number just left free. `DependsOn` cannot
/// cross stacks: a run split over two child stacks stays unordered there, and
/// `crate::routes::update::priority_races` reports the update that needs the order.
pub fn order_rules(model: &Model, t: &mut Template) {
    // Only routes with a next rule; the last of each run waits for nothing.
    for (service, next) in model
        .services
        .iter()
        .filter_map(|s| Some((s, s.route()?.next?)))
    {
        let waits_for = Ids(model.service(next)).of(ServiceResource::ListenerRule);
        if !t.resources.contains_key(&waits_for) {
            continue;
        }
        if let Some(rule) = t
            .resources
            .get_mut(&Ids(service).of(ServiceResource::ListenerRule))
        {
            rule.depends_on.push(waits_for);
        }
    }
}
