//! `AWS::ElasticLoadBalancingV2::*`: load balancer, listeners, listener certificates and rules,
//! target groups.

use crate::emit::cloudformation::intrinsic::Expr;
use crate::emit::cloudformation::resources::Tag;
use serde::Serialize;

/// `AWS::ElasticLoadBalancingV2::ListenerCertificate`: one certificate per resource (the
/// documented limit), served by SNI next to the listener's default.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListenerCertificate {
    pub certificates: Vec<Certificate>,
    pub listener_arn: Expr,
}

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
    /// A forward over weighted groups: a blue/green-family service's primary and alternate.
    #[serde(rename = "forward", rename_all = "PascalCase")]
    WeightedForward { forward_config: ForwardConfig },
    #[serde(rename = "redirect", rename_all = "PascalCase")]
    Redirect { redirect_config: RedirectConfig },
    #[serde(rename = "fixed-response", rename_all = "PascalCase")]
    FixedResponse {
        fixed_response_config: FixedResponseConfig,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ForwardConfig {
    pub target_groups: Vec<TargetGroupTuple>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupTuple {
    pub target_group_arn: Expr,
    /// 0..=999.
    pub weight: u32,
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

/// `{Key, Value}` pairs of ELB attributes (values are strings in the API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Attribute {
    pub key: &'static str,
    pub value: String,
}

impl Attribute {
    pub fn new(key: &'static str, value: impl ToString) -> Self {
        Attribute {
            key,
            value: value.to_string(),
        }
    }
}
