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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customized_metric_specification: Option<CustomizedMetric>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predefined_metric_specification: Option<PredefinedMetric>,
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

/// A metric-math expression over CloudWatch metrics (`Metrics`), the one returned series being
/// what the policy tracks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomizedMetric {
    pub metrics: Vec<MetricQuery>,
}

/// `TargetTrackingMetricDataQuery`: a metric (`MetricStat`) or an `Expression` over others.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    pub id: &'static str,
    pub label: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_stat: Option<MetricStat>,
    pub return_data: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricStat {
    pub metric: Metric,
    pub stat: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Metric {
    pub dimensions: Vec<Dimension>,
    pub metric_name: &'static str,
    pub namespace: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Dimension {
    pub name: &'static str,
    pub value: Expr,
}
