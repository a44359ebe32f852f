//! `AWS::Scheduler::Schedule` with an ECS `RunTask` target (EventBridge Scheduler).

use crate::emit::cloudformation::intrinsic::Expr;
use crate::emit::cloudformation::resources::ecs::CapacityProviderStrategyItem;
use serde::Serialize;

/// Without `Name`: CloudFormation generates one, so a replacement never collides.
/// (The type takes no `Tags`.)
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Schedule {
    pub description: String,
    pub flexible_time_window: FlexibleTimeWindow,
    pub schedule_expression: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_expression_timezone: Option<String>,
    pub state: &'static str,
    pub target: Target,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FlexibleTimeWindow {
    pub mode: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Target {
    /// The cluster's ARN.
    pub arn: Expr,
    pub ecs_parameters: EcsParameters,
    pub retry_policy: RetryPolicy,
    pub role_arn: Expr,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RetryPolicy {
    pub maximum_event_age_in_seconds: u32,
    pub maximum_retry_attempts: u32,
}

/// No `LaunchType`: a capacity-provider strategy excludes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EcsParameters {
    pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    #[serde(rename = "EnableECSManagedTags")]
    pub enable_ecs_managed_tags: bool,
    pub network_configuration: NetworkConfiguration,
    pub propagate_tags: &'static str,
    pub task_count: u32,
    pub task_definition_arn: Expr,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkConfiguration {
    pub awsvpc_configuration: AwsVpcConfiguration,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AwsVpcConfiguration {
    pub assign_public_ip: &'static str,
    pub security_groups: Vec<Expr>,
    pub subnets: Vec<Expr>,
}
