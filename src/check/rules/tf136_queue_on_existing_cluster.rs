//! [`Code::QueueOnExistingCluster`]: what it checks and why is the registry's explanation,
//! shown by `twinform explain TF136`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.spec.ecs.as_ref().is_none_or(|e| e.cluster.is_none()) {
        return;
    }
    for (name, service) in cx.services() {
        if service.autoscale.as_ref().is_none_or(|a| a.queue.is_none()) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::QueueOnExistingCluster,
                format!("service `{name}` scales on `RunningTaskCount` of an existing cluster"),
            )
            .at(
                cx.key(&["services", name, "autoscale", "queue"]),
                "reads ECS/ContainerInsights",
            )
            .also(cx.value(&["ecs", "cluster"]), "twinform does not change this cluster")
            .help("turn Container Insights on for that cluster: `aws ecs update-cluster-settings --cluster NAME --settings name=containerInsights,value=enabled`"),
        );
    }
}
