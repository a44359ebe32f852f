//! [`Code::QueueWithoutEksRole`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF137`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let irsa = cx
        .spec
        .kubernetes
        .as_ref()
        .is_some_and(|k| k.cluster.is_some() && k.oidc_provider_arn.is_some());
    if irsa || cx.invalid_within(&["kubernetes"]) {
        return;
    }
    for (name, service) in cx.services() {
        let existing_role = service.iam.as_ref().is_some_and(|i| i.role_arn.is_some());
        if existing_role || service.autoscale.as_ref().is_none_or(|a| a.queue.is_none()) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::QueueWithoutEksRole,
                format!("service `{name}` has no IAM role for KEDA on EKS"),
            )
            .at(
                cx.key(&["services", name, "autoscale", "queue"]),
                "KEDA reads the queue as the pods' role",
            )
            .help("set `kubernetes.cluster` and `kubernetes.oidc_provider_arn` to emit the worker's IRSA role, or use `iam.role_arn`"),
        );
    }
}
