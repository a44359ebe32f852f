//! `AWS::ApplicationAutoScaling::*`: scalable target and target-tracking policy.

use crate::emit::cloudformation::intrinsic::Expr;
use serde::Serialize;

/// Without `RoleARN`: Application Auto Scaling then uses (and creates if needed) its
/// service-linked role for ECS.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalableTarget {
    pub max_capacity: u32,
    pub min_capacity: u32,
    pub resource_id: Expr,
    pub scalable_dimension: &'static str,
    pub service_namespace: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalingPolicy {
    pub policy_name: String,
    pub policy_type: &'static str,
    pub scaling_target_id: Expr,
    pub target_tracking_scaling_policy_configuration: TargetTracking,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetTracking {
    pub predefined_metric_specification: PredefinedMetric,
    pub scale_in_cooldown: u32,
    pub scale_out_cooldown: u32,
    pub target_value: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PredefinedMetric {
    pub predefined_metric_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_label: Option<Expr>,
}
