//! [`Code::QueueWithExistingRole`]: what it checks and why is the registry's explanation, shown
//! by `twinform explain TF135`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::policy::{KEDA_OPERATOR_SUBJECT, SQS_CONSUMER_ACTIONS as CONSUMER_ACTIONS};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let role = service.iam.as_ref().and_then(|iam| iam.role_arn.as_deref());
        if role.is_none() || service.autoscale.as_ref().is_none_or(|a| a.queue.is_none()) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::QueueWithExistingRole,
                format!("service `{name}` consumes its queue as the existing role `iam.role_arn`"),
            )
            .at(
                cx.key(&["services", name, "autoscale", "queue"]),
                "needs SQS permissions",
            )
            .also(
                cx.value(&["services", name, "iam", "role_arn"]),
                "twinform does not change this role",
            )
            .help(format!(
                "allow {} on the queue in that role, and on EKS let it trust `{KEDA_OPERATOR_SUBJECT}`",
                CONSUMER_ACTIONS.join(", ")
            )),
        );
    }
}
