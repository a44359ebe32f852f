//! The typed template: resources keyed by logical ID, each a `Type` and its typed `Properties`
//! (one variant per resource type we emit, so the two can never disagree), plus outputs.

use super::intrinsic::{Expr, LogicalId};
use super::resources::Tag;
use super::resources::autoscaling::{ScalableTarget, ScalingPolicy};
use super::resources::cloudformation::Stack;
use super::resources::ec2::{
    Eip, InternetGateway, NatGateway, Route, RouteTable, SecurityGroup, SecurityGroupIngress,
    Subnet, SubnetRouteTableAssociation, Vpc, VpcGatewayAttachment,
};
use super::resources::ecs::{Cluster, EcsService, TaskDefinition};
use super::resources::eks::FargateProfile;
use super::resources::elbv2::{
    Listener, ListenerCertificate, ListenerRule, LoadBalancer, TargetGroup,
};
use super::resources::iam::Role;
use super::resources::kms::KmsKey;
use super::resources::logs::LogGroup;
use super::resources::route53::RecordSetGroup;
use super::resources::scheduler::Schedule;
use super::resources::servicediscovery::HttpNamespace;
use super::resources::wafv2::WebAclAssociation;
use serde::Serialize;
use std::collections::BTreeMap;

/// A CloudFormation template (typed; serialized to JSON or YAML by `output`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Template {
    #[serde(rename = "AWSTemplateFormatVersion")]
    pub format_version: &'static str,
    pub description: String,
    /// Where the template came from (`output` fills it; the emitter knows only the model).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// Deploy-time inputs (an existing VPC's IDs), each with the spec's value as its default.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<LogicalId, Parameter>,
    /// Sorted by logical ID, so the order is independent of how the emitter walks the model.
    pub resources: BTreeMap<LogicalId, Resource>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub outputs: BTreeMap<String, Output>,
}

#[cfg(test)]
thread_local! {
    /// Resources built on this thread: what tests count to find work done twice.
    pub static ADDED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl Template {
    pub fn new(description: String) -> Self {
        Template {
            format_version: "2010-09-09",
            description,
            metadata: None,
            parameters: BTreeMap::new(),
            resources: BTreeMap::new(),
            outputs: BTreeMap::new(),
        }
    }

    /// Adds a resource. Logical IDs are unique by construction (check rejects names whose IDs
    /// collide), so a repeated ID is a bug in the emitter.
    pub fn add(&mut self, id: &LogicalId, resource: impl Into<Resource>) {
        #[cfg(test)]
        ADDED.with(|n| n.set(n.get() + 1));
        let previous = self.resources.insert(id.clone(), resource.into());
        debug_assert!(previous.is_none(), "logical ID {id} emitted twice");
    }

    pub fn output(&mut self, name: impl Into<String>, description: impl Into<String>, value: Expr) {
        self.outputs.insert(
            name.into(),
            Output {
                description: description.into(),
                value,
            },
        );
    }
}

/// The template's `Metadata`: JSON has no comments, so the provenance the YAML files carry as a
/// comment lives here.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metadata {
    #[serde(rename = "Twinform")]
    pub twinform: Provenance,
}

/// Generator, spec, environment and image overrides of a synthesis.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Provenance {
    /// `twinform 0.1.0`.
    pub generator: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

/// A template parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Parameter {
    /// An AWS-specific type (`AWS::EC2::VPC::Id`), so CloudFormation checks the value exists.
    #[serde(rename = "Type")]
    pub kind: &'static str,
    /// Absent in a child stack: the root passes every value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Output {
    pub description: String,
    pub value: Expr,
}

/// `Retain` keeps a resource (and its data) when the stack deletes or replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Policy {
    Retain,
}

/// One resource: `Type` + `Properties` from [`Properties`], and its attributes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Resource {
    #[serde(flatten)]
    pub properties: Properties,
    /// Only ordering that no `Ref`/`GetAtt` already implies (cfn-lint W3005).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<LogicalId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_policy: Option<Policy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_replace_policy: Option<Policy>,
}

impl Resource {
    pub fn depends_on(mut self, ids: impl IntoIterator<Item = LogicalId>) -> Self {
        self.depends_on.extend(ids);
        self
    }

    /// `DeletionPolicy` and `UpdateReplacePolicy` Retain together (cfn-lint W3011).
    pub fn retain(mut self) -> Self {
        self.deletion_policy = Some(Policy::Retain);
        self.update_replace_policy = Some(Policy::Retain);
        self
    }
}

macro_rules! properties {
    ($($variant:ident($ty:ty) = $name:literal,)*) => {
        /// The resource types twinform emits; the variant decides `Type`.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(tag = "Type", content = "Properties")]
        pub enum Properties {
            $(#[serde(rename = $name)] $variant($ty),)*
        }

        $(impl From<$ty> for Resource {
            fn from(properties: $ty) -> Self {
                Resource {
                    properties: Properties::$variant(properties),
                    depends_on: Vec::new(),
                    deletion_policy: None,
                    update_replace_policy: None,
                }
            }
        })*
    };
}

properties! {
    Vpc(Vpc) = "AWS::EC2::VPC",
    InternetGateway(InternetGateway) = "AWS::EC2::InternetGateway",
    VpcGatewayAttachment(VpcGatewayAttachment) = "AWS::EC2::VPCGatewayAttachment",
    Subnet(Subnet) = "AWS::EC2::Subnet",
    RouteTable(RouteTable) = "AWS::EC2::RouteTable",
    Route(Route) = "AWS::EC2::Route",
    SubnetRouteTableAssociation(SubnetRouteTableAssociation) = "AWS::EC2::SubnetRouteTableAssociation",
    Eip(Eip) = "AWS::EC2::EIP",
    NatGateway(NatGateway) = "AWS::EC2::NatGateway",
    SecurityGroup(SecurityGroup) = "AWS::EC2::SecurityGroup",
    SecurityGroupIngress(SecurityGroupIngress) = "AWS::EC2::SecurityGroupIngress",
    KmsKey(KmsKey) = "AWS::KMS::Key",
    LogGroup(LogGroup) = "AWS::Logs::LogGroup",
    Cluster(Cluster) = "AWS::ECS::Cluster",
    HttpNamespace(HttpNamespace) = "AWS::ServiceDiscovery::HttpNamespace",
    LoadBalancer(LoadBalancer) = "AWS::ElasticLoadBalancingV2::LoadBalancer",
    Listener(Listener) = "AWS::ElasticLoadBalancingV2::Listener",
    ListenerRule(ListenerRule) = "AWS::ElasticLoadBalancingV2::ListenerRule",
    TargetGroup(TargetGroup) = "AWS::ElasticLoadBalancingV2::TargetGroup",
    Role(Role) = "AWS::IAM::Role",
    TaskDefinition(TaskDefinition) = "AWS::ECS::TaskDefinition",
    EcsService(EcsService) = "AWS::ECS::Service",
    ScalableTarget(ScalableTarget) = "AWS::ApplicationAutoScaling::ScalableTarget",
    ScalingPolicy(ScalingPolicy) = "AWS::ApplicationAutoScaling::ScalingPolicy",
    FargateProfile(FargateProfile) = "AWS::EKS::FargateProfile",
    WebAclAssociation(WebAclAssociation) = "AWS::WAFv2::WebACLAssociation",
    ListenerCertificate(ListenerCertificate) = "AWS::ElasticLoadBalancingV2::ListenerCertificate",
    RecordSetGroup(RecordSetGroup) = "AWS::Route53::RecordSetGroup",
    Stack(Stack) = "AWS::CloudFormation::Stack",
    Schedule(Schedule) = "AWS::Scheduler::Schedule",
}

/// The app's tags plus `extra` (which wins on a clash), sorted by key.
pub fn tags(app_tags: &BTreeMap<String, String>, extra: &[(&str, &str)]) -> Vec<Tag> {
    let mut all = app_tags.clone();
    for (k, v) in extra {
        all.insert((*k).to_owned(), (*v).to_owned());
    }
    all.into_iter()
        .map(|(key, value)| Tag { key, value })
        .collect()
}
