//! `[services.NAME.autoscale.queue]`: scaling a worker on the backlog of an SQS queue.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `autoscale.queue = { arn = "arn:aws:sqs:…", messages_per_task = N }`: keep the queue's
/// visible messages per running task (ECS) / pod (EKS, KEDA `aws-sqs-queue`) at
/// `messages_per_task`. Workers only; the consumer's SQS permissions are added to the task role
/// and the IRSA role. KEDA must be installed in the cluster.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct QueueScale {
    /// Required. The SQS queue's ARN, in `app.region` (its CloudWatch metrics are regional).
    #[schemars(example = "arn:aws:sqs:us-east-1:123456789012:orders")]
    // Not `required` in the schema: an overlay may patch one key of the table (check requires both).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// Required. Visible messages one task/pod should have waiting, 1..=100000.
    #[schemars(range(min = 1, max = 100000), example = 20)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages_per_task: Option<i64>,
}
