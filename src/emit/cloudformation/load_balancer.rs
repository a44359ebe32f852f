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

/// `AWS::ElasticLoadBalancingV2::TargetGroup` without `Name`: `Port` and `ProtocolVersion`
/// changes replace it, which a fixed name would turn into a failed update.
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

/// What routed services need from the load balancer, in this template or shared.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadBalancerRefs {
    /// `app/NAME/ID` (the request-count metric's label prefix).
    pub full_name: Expr,
    /// The load balancer's security group ID, admitted into routed services.
    pub security_group: Expr,
    /// The listener that carries the service rules (HTTPS with a certificate, else HTTP).
    pub rules_listener: Expr,
    /// The listener resource the services wait for, when it is in this template.
    pub listener_resource: Option<LogicalId>,
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

/// The ALB, when at least one service is routed (or the shared listener's references).
pub fn emit(model: &Model, net: &NetworkRefs, t: &mut Template) -> Option<LoadBalancerRefs> {
    if model.services.iter().all(|s| s.route.is_none()) {
        return None;
    }
    if let Some(shared) = &model.ingress.shared_listener {
        return Some(super::edge::shared_listener(model, shared, t));
    }
    let app = &model.app;
    let ingress = &model.ingress;
    let id = |kind: &str| LogicalId::new(&app.logical_id, kind);
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
    let security_group = id("LoadBalancerSecurityGroup");
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
    let load_balancer = id("LoadBalancer");
    let lb = super::template::Resource::from(LoadBalancer {
        load_balancer_attributes: vec![
            Attribute::new("deletion_protection.enabled", true),
            Attribute::new("routing.http.drop_invalid_header_fields.enabled", true),
        ],
        scheme: if ingress.public {
            "internet-facing"
        } else {
            "internal"
        },
        security_groups: vec![security_group.get_att("GroupId")],
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
        "LoadBalancerDnsName",
        "DNS name of the load balancer",
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
    super::edge::emit(model, &load_balancer, &rules_listener, t);
    Some(LoadBalancerRefs {
        full_name: load_balancer.get_att("LoadBalancerFullName"),
        security_group: security_group.get_att("GroupId"),
        rules_listener: rules_listener.r#ref(),
        listener_resource: Some(rules_listener),
    })
}

/// The target group of a routed service, health-checked as the model says.
pub fn target_group(model: &Model, service: &Service, port: u16, vpc_id: Expr) -> TargetGroup {
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
        port,
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

/// The listener rule forwarding a route to its target group; its priority comes from the route
/// alone, so adding a service never renumbers another rule.
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
