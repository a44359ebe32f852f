//! Service, Ingress and NetworkPolicy: the same URLs (`http://<service>:<port>`), the same ALB
//! rules and the same reachability as on ECS.
//!
//! The AWS Load Balancer Controller's defaults are weaker than the ALB the ECS template builds
//! (TLS 1.0 policy, invalid headers passed on), and no scanner reads its annotations, so the
//! Ingress sets them explicitly and `tests/kubernetes.rs` checks them.

use super::labels;
use crate::model::{self, Model, Protocol, Role, Server, Service};
use k8s_openapi::api::core::v1::{Service as KubeService, ServicePort, ServiceSpec};
use k8s_openapi::api::networking::v1::{
    HTTPIngressPath, HTTPIngressRuleValue, IPBlock, Ingress, IngressBackend, IngressRule,
    IngressServiceBackend, IngressSpec, NetworkPolicy, NetworkPolicyIngressRule, NetworkPolicyPeer,
    NetworkPolicyPort, NetworkPolicySpec, ServiceBackendPort,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;

/// Prefix of every AWS Load Balancer Controller annotation.
pub const ALB: &str = "alb.ingress.kubernetes.io/";
pub const INGRESS_CLASS: &str = "alb";
/// external-dns creates alias records for these hosts (the counterpart of the ECS template's
/// Route 53 records); it finds the zone by the host names.
pub const EXTERNAL_DNS_HOSTNAME: &str = "external-dns.alpha.kubernetes.io/hostname";

fn annotation(key: &str, value: impl Into<String>) -> (String, String) {
    (format!("{ALB}{key}"), value.into())
}

/// Target-group settings of a routed service. They sit on the Service because a Service's
/// annotations override the Ingress's, so each service keeps its own health check.
fn target_group_annotations(service: &Service, route: &model::Route) -> BTreeMap<String, String> {
    let health = &service.health;
    let mut annotations = BTreeMap::from([
        annotation("healthcheck-interval-seconds", health.interval.to_string()),
        annotation("healthcheck-timeout-seconds", health.timeout.to_string()),
        annotation("healthy-threshold-count", health.healthy.to_string()),
        annotation("unhealthy-threshold-count", health.unhealthy.to_string()),
        annotation(
            "target-group-attributes",
            format!(
                "deregistration_delay.timeout_seconds={}",
                model::DEREGISTRATION_DELAY_SECONDS
            ),
        ),
    ]);
    annotations.extend([
        annotation("healthcheck-path", &route.health_path),
        annotation("success-codes", route.backend.success_codes()),
    ]);
    // HTTP/1.1 is the controller's default, left unset as on ECS.
    if let Some(version) = route.backend.protocol_version() {
        annotations.extend([annotation("backend-protocol-version", version)]);
    }
    annotations
}

/// ClusterIP Service with the same port number and name as the ECS port mapping, so the URL
/// `http://<service>:<port>` is the same on both targets.
pub fn service(model: &Model, service: &Service, server: &Server) -> KubeService {
    named_service(model, service, server, &service.name)
}

/// A Service of the service's pods under `name`: the stable one, or Argo's canary Service
/// (same ports and target-group annotations: the ALB checks both groups alike).
pub fn named_service(model: &Model, service: &Service, server: &Server, name: &str) -> KubeService {
    let mut metadata = labels::service_meta(model, service, name);
    if let Some(route) = &server.route {
        metadata.annotations = Some(target_group_annotations(service, route));
    }
    KubeService {
        metadata,
        spec: Some(ServiceSpec {
            type_: Some("ClusterIP".to_owned()),
            selector: Some(labels::selector_labels(model, &service.name)),
            ports: Some(vec![ServicePort {
                name: Some(server.port_name.clone()),
                port: i32::from(server.port),
                target_port: Some(IntOrString::String(server.port_name.clone())),
                protocol: Some("TCP".to_owned()),
                // gRPC reaches the pods as cleartext HTTP/2 (the ALB's GRPC target groups).
                // https://kubernetes.io/docs/concepts/services-networking/service/#application-protocol
                app_protocol: match server.protocol {
                    Protocol::Http => Some("http".to_owned()),
                    Protocol::Grpc => Some("kubernetes.io/h2c".to_owned()),
                    Protocol::Tcp => None,
                },
                ..Default::default()
            }]),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// `listen-ports`: a JSON list of one-entry maps, built from typed values.
fn listen_ports(https: bool) -> String {
    let mut ports = vec![BTreeMap::from([("HTTP", 80u16)])];
    if https {
        ports.push(BTreeMap::from([("HTTPS", 443u16)]));
    }
    // A list of string-keyed maps of numbers always serializes.
    serde_json::to_string(&ports).unwrap_or_default() // tidy: not model data
}

/// `tags`: the app's tags on the ALB and target groups, as on ECS. The controller splits the
/// annotation at `,` and each pair at its first `=`, so a value may hold `=`; TF036 refuses
/// the `,` anywhere and `=` in a key, which it could not carry.
fn alb_tags(model: &Model) -> Option<String> {
    let tags: Vec<String> = model
        .app
        .tags
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    (!tags.is_empty()).then(|| tags.join(","))
}

/// `load-balancer-attributes`: the attributes the ECS template sets on its ALB, as `k=v,k=v`.
/// Deletion protection is written when off too: the controller only sets listed keys, so
/// dropping it would leave an ALB that was once protected protected. Exclusive per group.
fn load_balancer_attributes(ingress: &model::Ingress) -> String {
    ingress
        .load_balancer_attributes()
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn ingress_annotations(
    model: &Model,
    group: &str,
    balancer: &model::LoadBalancer,
) -> BTreeMap<String, String> {
    let ingress = &model.ingress;
    let mut annotations = BTreeMap::from([
        annotation("scheme", ingress.scheme()),
        // Fargate pods have no node port: the ALB must send to pod IPs.
        annotation("target-type", "ip"),
        annotation("group.name", group),
        annotation("listen-ports", listen_ports(ingress.https())),
        annotation("ssl-policy", model::SSL_POLICY),
        annotation(
            "load-balancer-attributes",
            load_balancer_attributes(ingress),
        ),
    ]);
    if ingress.https() {
        annotations.extend([
            annotation("certificate-arn", ingress.certificates().join(",")),
            annotation("ssl-redirect", "443"),
        ]);
    }
    if let Some(acl) = &ingress.waf_acl_arn {
        annotations.insert(format!("{ALB}wafv2-acl-arn"), acl.clone());
    }
    let hosts: Vec<&str> = balancer
        .hosts
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if ingress.hosted_zone_id.is_some() && !hosts.is_empty() {
        annotations.insert(EXTERNAL_DNS_HOSTNAME.to_owned(), hosts.join(","));
    }
    if let Some(tags) = alb_tags(model) {
        annotations.insert(format!("{ALB}tags"), tags);
    }
    annotations
}

/// One Ingress per load balancer of the layout (none without routes): each is its own
/// `group.name`, so the controller builds one ALB per Ingress, as the ECS template does. The
/// first keeps the app's name. The group names the namespace too (`names::ingress_group`):
/// groups are cluster-wide, and two environments of the app in one cluster must not share an
/// ALB (the controller refuses a group whose Ingresses disagree on an exclusive annotation). Paths are listed in the order of the ECS listener rules
/// (ascending priority); the controller orders Prefix paths longest first, the same order.
pub fn ingresses(model: &Model) -> Vec<Ingress> {
    let mut routed: Vec<(&Service, &model::Route, u16)> = model
        .services
        .iter()
        .filter_map(|s| match &s.role {
            Role::Server(server) => Some((s, server.route.as_ref()?, server.port)),
            Role::Worker(_) | Role::Job => None,
        })
        .collect();
    routed.sort_by_key(|(s, r, _)| (r.priority, s.name.as_str()));
    model
        .ingress
        .load_balancers
        .iter()
        .enumerate()
        .filter_map(|(index, balancer)| {
            let routes = routed.iter().filter(|(_, r, _)| r.load_balancer == index);
            let name = ingress_name(model, balancer);
            let group = crate::names::ingress_group(
                &model.kubernetes.namespace,
                &model.app.name,
                &balancer.label,
            );
            ingress(model, &name, &group, balancer, routes)
        })
        .collect()
}

/// The Ingress of one load balancer: the app's name, then `-{label}` past the first.
fn ingress_name(model: &Model, balancer: &model::LoadBalancer) -> String {
    match balancer.label.as_str() {
        "" => model.app.name.clone(),
        label => format!("{}-{label}", model.app.name),
    }
}

/// The Ingress a route is on (an Argo Rollout names it for its traffic routing).
pub fn ingress_of(model: &Model, route: &model::Route) -> String {
    match model.ingress.load_balancers.get(route.load_balancer) {
        Some(balancer) => ingress_name(model, balancer),
        None => model.app.name.clone(),
    }
}

fn ingress<'a>(
    model: &Model,
    name: &str,
    group: &str,
    balancer: &model::LoadBalancer,
    routed: impl Iterator<Item = &'a (&'a Service, &'a model::Route, u16)>,
) -> Option<Ingress> {
    // One rule per host, the host-less one last (read as the fallback it is); paths in
    // listener-rule order within each. The controller itself orders Prefix paths longest first.
    let mut by_host: BTreeMap<(bool, Option<&str>), Vec<HTTPIngressPath>> = BTreeMap::new();
    let routed: Vec<_> = routed.collect();
    let actions = super::rollout::action_annotations(routed.iter().map(|(s, r, p)| (*s, *r, *p)));
    for (service, route, port) in routed {
        let host = route.host.as_deref();
        by_host
            .entry((host.is_none(), host))
            .or_default()
            .push(ingress_path(service, route, *port));
    }
    if by_host.is_empty() {
        return None;
    }
    let rules = by_host
        .into_iter()
        .map(|((_, host), paths)| IngressRule {
            host: host.map(str::to_owned),
            http: Some(HTTPIngressRuleValue { paths }),
        })
        .collect();
    Some(Ingress {
        metadata: ObjectMeta {
            name: Some(name.to_owned()),
            namespace: Some(model.kubernetes.namespace.clone()),
            labels: Some(labels::app_labels(model)),
            annotations: Some({
                let mut annotations = ingress_annotations(model, group, balancer);
                annotations.extend(actions);
                annotations
            }),
            ..Default::default()
        },
        spec: Some(IngressSpec {
            ingress_class_name: Some(INGRESS_CLASS.to_owned()),
            rules: Some(rules),
            ..Default::default()
        }),
        ..Default::default()
    })
}

fn ingress_path(service: &Service, route: &model::Route, port: u16) -> HTTPIngressPath {
    HTTPIngressPath {
        path: Some(route.path.clone()),
        path_type: "Prefix".to_owned(),
        backend: IngressBackend {
            service: Some(IngressServiceBackend {
                name: service.name.clone(),
                // A traffic-shifting service's backend is its action annotation, which the
                // Rollout re-weights over the stable and canary Services.
                port: Some(if route.deploy.is_rolling() {
                    ServiceBackendPort {
                        number: Some(i32::from(port)),
                        ..Default::default()
                    }
                } else {
                    ServiceBackendPort {
                        name: Some(super::crds::USE_ANNOTATION.to_owned()),
                        ..Default::default()
                    }
                }),
            }),
            ..Default::default()
        },
    }
}

/// Admits the service's callers and, when routed, the ALB, on the service's port; every other
/// ingress is denied. Not enforced on Fargate pods today (the VPC CNI enforces policies on EC2
/// nodes only), but enforced on EC2 nodes and read by policy engines. A worker admits nothing.
pub fn network_policy(model: &Model, service: &Service) -> NetworkPolicy {
    let mut rules = Vec::new();
    if let Role::Server(server) = &service.role {
        ingress_rules(model, server, &mut rules);
    }
    NetworkPolicy {
        metadata: labels::service_meta(model, service, &service.name),
        spec: Some(NetworkPolicySpec {
            pod_selector: Some(labels::selector(model, &service.name)),
            policy_types: Some(vec!["Ingress".to_owned()]),
            ingress: Some(rules),
            ..Default::default()
        }),
    }
}

/// The rules admitting a server's callers and, when routed, the ALB, on its port.
fn ingress_rules(model: &Model, server: &Server, rules: &mut Vec<NetworkPolicyIngressRule>) {
    let port = Some(vec![NetworkPolicyPort {
        port: Some(IntOrString::Int(i32::from(server.port))),
        protocol: Some("TCP".to_owned()),
        ..Default::default()
    }]);
    if !server.callers.is_empty() {
        let from = server
            .callers
            .iter()
            .map(|&caller| NetworkPolicyPeer {
                pod_selector: Some(LabelSelector {
                    match_labels: Some(labels::selector_labels(model, &model.service(caller).name)),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .collect();
        rules.push(NetworkPolicyIngressRule {
            from: Some(from),
            ports: port.clone(),
        });
    }
    if server.route.is_some() {
        // The ALB's source addresses are its subnets' IPs. Without a known VPC CIDR, admit any
        // source on the port rather than cut the ALB off.
        let from = model.kubernetes.vpc_cidr.as_ref().map(|cidr| {
            vec![NetworkPolicyPeer {
                ip_block: Some(IPBlock {
                    cidr: cidr.clone(),
                    ..Default::default()
                }),
                ..Default::default()
            }]
        });
        rules.push(NetworkPolicyIngressRule { from, ports: port });
    }
}
