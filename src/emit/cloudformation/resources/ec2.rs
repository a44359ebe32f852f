//! `AWS::EC2::*`: VPC, subnets, routes, gateways, NAT, EIP, security groups and ingress.

use crate::emit::cloudformation::intrinsic::Expr;
use crate::emit::cloudformation::resources::Tag;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Vpc {
    pub cidr_block: String,
    pub enable_dns_hostnames: bool,
    pub enable_dns_support: bool,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InternetGateway {
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcGatewayAttachment {
    pub internet_gateway_id: Expr,
    pub vpc_id: Expr,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subnet {
    pub availability_zone: Expr,
    pub cidr_block: String,
    /// Off everywhere: only tasks that need one get a public IP, set on the ECS service.
    pub map_public_ip_on_launch: bool,
    pub vpc_id: Expr,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTable {
    pub vpc_id: Expr,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Route {
    pub destination_cidr_block: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway_id: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nat_gateway_id: Option<Expr>,
    pub route_table_id: Expr,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetRouteTableAssociation {
    pub route_table_id: Expr,
    pub subnet_id: Expr,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Eip {
    pub domain: &'static str,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NatGateway {
    pub allocation_id: Expr,
    pub subnet_id: Expr,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroup {
    pub group_description: String,
    pub security_group_egress: Vec<SecurityGroupRule>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_ingress: Vec<SecurityGroupRule>,
    pub vpc_id: Expr,
    pub tags: Vec<Tag>,
}

/// An inline rule; only for rules that name no other security group (those would create
/// cycles between groups, so they are separate `SecurityGroupIngress` resources).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupRule {
    pub cidr_ip: Expr,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_port: Option<u16>,
    pub ip_protocol: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_port: Option<u16>,
}

impl SecurityGroupRule {
    pub fn tcp(cidr_ip: Expr, port: u16, description: String) -> Self {
        SecurityGroupRule {
            cidr_ip,
            description,
            from_port: Some(port),
            ip_protocol: "tcp",
            to_port: Some(port),
        }
    }

    pub fn all_traffic(cidr_ip: Expr, description: String) -> Self {
        SecurityGroupRule {
            cidr_ip,
            description,
            from_port: None,
            ip_protocol: "-1",
            to_port: None,
        }
    }
}

/// One edge of the service graph: `source` may reach `group` on `port`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupIngress {
    pub description: String,
    pub from_port: u16,
    pub group_id: Expr,
    pub ip_protocol: &'static str,
    pub source_security_group_id: Expr,
    pub to_port: u16,
}
