//! Layer 2: the typed resource definitions (`Properties` of each resource type we emit), one
//! module per AWS namespace. They import only `intrinsic` and each other, never a builder.

pub mod autoscaling;
pub mod cloudformation;
pub mod ec2;
pub mod ecs;
pub mod eks;
pub mod elbv2;
pub mod iam;
pub mod kms;
pub mod logs;
pub mod route53;
pub mod scheduler;
pub mod servicediscovery;
pub mod wafv2;

use serde::Serialize;

/// `{Key, Value}`: the tag shape of every resource type we tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    pub value: String,
}
