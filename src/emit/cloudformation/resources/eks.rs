//! `AWS::EKS::FargateProfile`.

use crate::emit::cloudformation::intrinsic::Expr;
use crate::emit::cloudformation::resources::Tag;
use serde::Serialize;

/// Every property but `Tags` forces replacement, so the profile name is left to CloudFormation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FargateProfile {
    pub cluster_name: String,
    pub pod_execution_role_arn: Expr,
    pub selectors: Vec<Selector>,
    pub subnets: Vec<String>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Selector {
    pub namespace: String,
}
