//! [`Code::SpotIgnoredOnEks`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF105`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        if service.spot == Some(true) {
            out.push(
                Diagnostic::new(Code::SpotIgnoredOnEks, format!("service `{name}`: `spot` applies to ECS only"))
                    .at(cx.value(&["services", name, "spot"]), "ignored on EKS")
                    .help("EKS on Fargate has no Spot capacity; the Kubernetes output runs on regular Fargate"),
            );
        }
    }
    for (name, job) in &cx.spec.jobs {
        if job.spot == Some(true) {
            out.push(
                Diagnostic::new(Code::SpotIgnoredOnEks, format!("job `{name}`: `spot` applies to ECS only"))
                    .at(cx.value(&["jobs", name, "spot"]), "ignored on EKS")
                    .help("EKS on Fargate has no Spot capacity; the CronJob's pods run on regular Fargate"),
            );
        }
    }
}
