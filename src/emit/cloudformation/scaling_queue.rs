//! Target tracking on an SQS queue's backlog per running task, with metric math and no Lambda:
//! `ApproximateNumberOfMessagesVisible` (AWS/SQS, `QueueName`) ÷ `RunningTaskCount`
//! (ECS/ContainerInsights, `ClusterName` + `ServiceName`), kept at `messages_per_task`. This is
//! AWS's own example:
//! https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html
//! `RunningTaskCount` exists only with Container Insights on the cluster (twinform's cluster
//! has it; TF136 warns for `ecs.cluster`). At 0 running tasks the division has no data point and
//! target tracking cannot scale, so `min` is at least 1 (TF087).

use super::intrinsic::{Expr, LogicalId};
use super::resources::autoscaling::{
    CustomizedMetric, Dimension, Metric, MetricQuery, MetricStat, ScalingPolicy, TargetTracking,
};
use super::scope::Scope;
use crate::model::{QueueScaling, SCALE_IN_COOLDOWN_SECONDS, SCALE_OUT_COOLDOWN_SECONDS, Service};

/// The metric-math expression the policy tracks.
pub const BACKLOG_PER_TASK: &str = "messages / tasks";

pub fn policy(
    service: &Service,
    queue: &QueueScaling,
    ecs_service: &LogicalId,
    target: &LogicalId,
    scope: &Scope<'_>,
) -> ScalingPolicy {
    let messages = MetricQuery {
        expression: None,
        id: "messages",
        label: "Visible messages in the queue",
        metric_stat: Some(MetricStat {
            metric: Metric {
                dimensions: vec![Dimension {
                    name: "QueueName",
                    value: Expr::from(&queue.name),
                }],
                metric_name: "ApproximateNumberOfMessagesVisible",
                namespace: "AWS/SQS",
            },
            stat: "Sum",
        }),
        return_data: false,
    };
    let tasks = MetricQuery {
        expression: None,
        id: "tasks",
        label: "Running tasks of the service",
        metric_stat: Some(MetricStat {
            metric: Metric {
                dimensions: vec![
                    Dimension {
                        name: "ClusterName",
                        value: scope.cluster(),
                    },
                    Dimension {
                        name: "ServiceName",
                        value: ecs_service.get_att("Name"),
                    },
                ],
                metric_name: "RunningTaskCount",
                namespace: "ECS/ContainerInsights",
            },
            stat: "Average",
        }),
        return_data: false,
    };
    let backlog = MetricQuery {
        expression: Some(BACKLOG_PER_TASK.to_owned()),
        id: "backlog",
        label: "Visible messages per running task",
        metric_stat: None,
        return_data: true,
    };
    ScalingPolicy {
        policy_name: format!("{}-queue", service.name),
        policy_type: "TargetTrackingScaling",
        scaling_target_id: target.r#ref(),
        target_tracking_scaling_policy_configuration: TargetTracking {
            customized_metric_specification: Some(CustomizedMetric {
                metrics: vec![messages, tasks, backlog],
            }),
            predefined_metric_specification: None,
            scale_in_cooldown: SCALE_IN_COOLDOWN_SECONDS,
            scale_out_cooldown: SCALE_OUT_COOLDOWN_SECONDS,
            target_value: queue.messages_per_task,
        },
    }
}
