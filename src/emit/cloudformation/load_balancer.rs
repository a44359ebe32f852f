//! The one shared ALB: its security group, listeners (default action a fixed 404), and per
//! routed service a target group and a listener rule.

use super::intrinsic::{Expr, LogicalId};
use super::network::{NetworkRefs, SecurityGroup, SecurityGroupRule};
use super::template::{Attribute, Tag, Template, tags};
use crate::model::{DEREGISTRATION_DELAY_SECONDS, Model, Protocol, Route, SSL_POLICY, Service};
use serde::Serialize;

/// `AWS::ElasticLoadBalancingV2::LoadBalancer` without `Name` (a named ALB cannot be replaced).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancer {
    pub load_balancer_attributes: Vec<Attribute>,
    pub scheme: &'static str,
    pub security_groups: Vec<Expr>,
    pub subnets: Vec<Expr>,
    #[serde(rename = "Type")]
    pub kind: &'static str,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Listener {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<Certificate>,
    pub default_actions: Vec<Action>,
    pub load_balancer_arn: Expr,
    pub port: u16,
    pub protocol: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ssl_policy: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Certificate {
    pub certificate_arn: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "Type")]
pub enum Action {
    #[serde(rename = "forward", rename_all = "PascalCase")]
    Forward { target_group_arn: Expr },
    #[serde(rename = "redirect", rename_all = "PascalCase")]
    Redirect { redirect_config: RedirectConfig },
    #[serde(rename = "fixed-response", rename_all = "PascalCase")]
    FixedResponse {
        fixed_response_config: FixedResponseConfig,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RedirectConfig {
    pub port: &'static str,
    pub protocol: &'static str,
    pub status_code: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FixedResponseConfig {
    pub content_type: &'static str,
    pub message_body: &'static str,
    pub status_code: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListenerRule {
    pub actions: Vec<Action>,
    pub conditions: Vec<Condition>,
    pub listener_arn: Expr,
    pub priority: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "Field")]
pub enum Condition {
    #[serde(rename = "host-header", rename_all = "PascalCase")]
    HostHeader { host_header_config: Values },
    #[serde(rename = "path-pattern", rename_all = "PascalCase")]
    PathPattern { path_pattern_config: Values },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Values {
    pub values: Vec<String>,
}

/// `AWS::ElasticLoadBalancingV2::TargetGroup` without `Name`: a `ProtocolVersion` change
/// replaces it, which a fixed name would turn into a failed update.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroup {
    pub health_check_enabled: bool,
    pub health_check_interval_seconds: u32,
    pub health_check_path: String,
    pub health_check_protocol: &'static str,
    pub health_check_timeout_seconds: u32,
    pub healthy_threshold_count: u32,
    pub matcher: Matcher,
    pub port: u16,
    pub protocol: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol_version: Option<&'static str>,
    pub target_group_attributes: Vec<Attribute>,
    pub target_type: &'static str,
    pub unhealthy_threshold_count: u32,
    pub vpc_id: Expr,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Matcher {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grpc_code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_code: Option<&'static str>,
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
        return Some(super::edge::shared_listener(model, shared, t));
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
    super::edge::dns_records(model, t);
    Some(LoadBalancerRefs {
        security_group: group_id,
        balancers,
    })
}

/// `{App}{Kind}{label}`: the first load balancer's resources keep the single ALB's IDs.
pub fn balancer_id(model: &Model, kind: &str, label: &str) -> LogicalId {
    LogicalId::new(&model.app.logical_id, &format!("{kind}{label}"))
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
    let lb = super::template::Resource::from(LoadBalancer {
        load_balancer_attributes: vec![
            Attribute::new("deletion_protection.enabled", ingress.deletion_protection),
            Attribute::new("routing.http.drop_invalid_header_fields.enabled", true),
        ],
        scheme: if ingress.public {
            "internet-facing"
        } else {
            "internal"
        },
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
    super::edge::emit(model, label, &load_balancer, &rules_listener, t);
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
    let internal = !model.ingress.public && model.ingress.shared_listener.is_none();
    super::service::Ids(service).of(if internal {
        "InternalTargetGroup"
    } else {
        "TargetGroup"
    })
}

/// The target group of a routed service, health-checked as the model says.
pub fn target_group(model: &Model, service: &Service, vpc_id: Expr) -> TargetGroup {
    let grpc = service.protocol == Protocol::Grpc;
    let health = &service.health;
    TargetGroup {
        health_check_enabled: true,
        health_check_interval_seconds: health.interval,
        health_check_path: health.path.clone(),
        health_check_protocol: "HTTP",
        health_check_timeout_seconds: health.timeout,
        healthy_threshold_count: health.healthy,
        // gRPC status 0 is OK; for HTTP any non-error status, as a Kubernetes httpGet probe.
        matcher: if grpc {
            Matcher {
                grpc_code: Some("0"),
                http_code: None,
            }
        } else {
            Matcher {
                grpc_code: None,
                http_code: Some("200-399"),
            }
        },
        port: TARGET_GROUP_PORT,
        protocol: "HTTP",
        protocol_version: grpc.then_some("GRPC"),
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
pub fn listener_rule(route: &Route, listener: Expr, target_group: &LogicalId) -> ListenerRule {
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
        actions: vec![Action::Forward {
            target_group_arn: target_group.r#ref(),
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
    for service in &model.services {
        let Some(next) = service.route.as_ref().and_then(|r| r.next.as_deref()) else {
            continue;
        };
        let Ok(at) = model
            .services
            .binary_search_by(|s| s.name.as_str().cmp(next))
        else {
            continue;
        };
        let waits_for = super::service::Ids(&model.services[at]).of("ListenerRule");
        if !t.resources.contains_key(&waits_for) {
            continue;
        }
        if let Some(rule) = t
            .resources
            .get_mut(&super::service::Ids(service).of("ListenerRule"))
        {
            rule.depends_on.push(waits_for);
        }
    }
}
