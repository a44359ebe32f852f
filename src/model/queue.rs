//! A worker scaled on an SQS queue's backlog, resolved: the queue's parts both targets name
//! (the CloudWatch `QueueName` dimension on ECS, KEDA's `queueURL` and `awsRegion` on EKS) and
//! the consumer permissions both roles get.

use super::IamStatement;
use super::unreadable::Lowering;
use crate::arn::parse_queue as parse_queue_arn;
use crate::policy::SQS_CONSUMER_ACTIONS as CONSUMER_ACTIONS;
use crate::spec;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueScaling {
    pub arn: String,
    /// The queue name: the last ARN field, the `QueueName` metric dimension.
    pub name: String,
    pub region: String,
    pub account: String,
    pub partition: String,
    /// Target of visible messages per running task/pod.
    pub messages_per_task: u32,
}

impl QueueScaling {
    /// The queue URL KEDA polls: `https://sqs.<region>.<dns suffix>/<account>/<name>`.
    pub fn url(&self) -> String {
        let suffix = if self.partition == "aws-cn" {
            "amazonaws.com.cn"
        } else {
            "amazonaws.com"
        };
        format!(
            "https://sqs.{}.{suffix}/{}/{}",
            self.region, self.account, self.name
        )
    }

    /// The consumer's statement on exactly this queue.
    pub fn consumer_statement(&self) -> IamStatement {
        IamStatement {
            actions: CONSUMER_ACTIONS.iter().map(|a| (*a).to_owned()).collect(),
            resources: vec![self.arn.clone()],
        }
    }
}

pub(super) fn lower(lw: &mut Lowering, service: &str, q: &spec::QueueScale) -> QueueScaling {
    let path = |k| ["services", service, "autoscale", "queue", k];
    // TF085 requires both keys and a parsable queue ARN.
    let arn = lw.required(q.arn.as_deref(), &path("arn")).to_owned();
    let parts = lw.parsed(parse_queue_arn(&arn), &path("arn"), "an SQS queue ARN");
    let (name, region, account, partition) = parts
        .map(|a| {
            (
                a.resource.to_owned(),
                a.region.to_owned(),
                a.account.to_owned(),
                a.partition.to_owned(),
            )
        })
        .unwrap_or_default();
    QueueScaling {
        messages_per_task: lw.required_number(q.messages_per_task, &path("messages_per_task")),
        arn,
        name,
        region,
        account,
        partition,
    }
}

/// The app's permissions with the queue consumer's added: created when the spec has no `iam`,
/// extended when it has statements, unchanged for an existing role (TF135 warns).
pub(super) fn with_consumer(
    iam: Option<super::AppIam>,
    queue: Option<&QueueScaling>,
) -> Option<super::AppIam> {
    let Some(queue) = queue else {
        return iam;
    };
    match iam {
        Some(super::AppIam::Role(role)) => Some(super::AppIam::Role(role)),
        Some(super::AppIam::Policies {
            mut statements,
            managed_policies,
        }) => {
            statements.push(queue.consumer_statement());
            Some(super::AppIam::Policies {
                statements,
                managed_policies,
            })
        }
        None => Some(super::AppIam::Policies {
            statements: vec![queue.consumer_statement()],
            managed_policies: Vec::new(),
        }),
    }
}
