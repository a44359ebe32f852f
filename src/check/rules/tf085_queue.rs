//! [`Code::QueueScale`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF085`; this file is how.

use crate::arn::parse_queue as parse_queue_arn;
use crate::check::Context;
use crate::diag::{Code, Diagnostic};

/// The largest `messages_per_task` accepted.
pub const MAX_MESSAGES: i64 = 100_000;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(queue) = service.autoscale.as_ref().and_then(|a| a.queue.as_ref()) else {
            continue;
        };
        let path = |key: &'static str| ["services", name, "autoscale", "queue", key];
        let table = cx.key(&["services", name, "autoscale", "queue"]);
        let diagnostic = |message: String| {
            Diagnostic::new(Code::QueueScale, format!("service `{name}`: {message}"))
        };
        match queue.arn.as_deref() {
            None if cx.invalid(&path("arn")) => {}
            None => out.push(
                diagnostic("`autoscale.queue` needs `arn`".to_owned())
                    .at(table.clone(), "missing `arn`")
                    .help("name the SQS queue: `arn = \"arn:aws:sqs:REGION:ACCOUNT:NAME\"`"),
            ),
            Some(arn) => match parse_queue_arn(arn) {
                None => out.push(
                    diagnostic(format!("`{arn}` is not an SQS queue ARN"))
                        .at(cx.value(&path("arn")), "not arn:PARTITION:sqs:REGION:ACCOUNT:NAME")
                        .help("copy the queue's ARN from `aws sqs get-queue-attributes --attribute-names QueueArn`"),
                ),
                Some(parts) if parts.region != cx.region() => out.push(
                    diagnostic(format!(
                        "the queue is in `{}`, the app in `{}`",
                        parts.region,
                        cx.region()
                    ))
                    .at(cx.value(&path("arn")), "another Region")
                    .help("scale on a queue in `app.region`: ECS's scaling policy reads the queue's CloudWatch metrics, which stay in their Region"),
                ),
                Some(_) => {}
            },
        }
        match queue.messages_per_task {
            None if cx.invalid(&path("messages_per_task")) => {}
            None => out.push(
                diagnostic("`autoscale.queue` needs `messages_per_task`".to_owned())
                    .at(table, "missing `messages_per_task`")
                    .help("set how many waiting messages one task should have, e.g. `messages_per_task = 20`"),
            ),
            Some(n) if !(1..=MAX_MESSAGES).contains(&n) => out.push(
                diagnostic(format!("`messages_per_task` = {n} is out of range"))
                    .at(cx.value(&path("messages_per_task")), "not in 1..=100000")
                    .help("the visible messages per task the autoscaler keeps, at least 1"),
            ),
            Some(_) => {}
        }
    }
}
