//! [`Code::JobOverlapOnEcs`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF129`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::Concurrency;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, job) in &cx.spec.jobs {
        if job.concurrency == Some(Concurrency::Forbid) {
            out.push(
                Diagnostic::new(Code::JobOverlapOnEcs, format!("job `{name}`: overlapping runs are skipped on EKS only"))
                    .at(cx.value(&["jobs", name, "concurrency"]), "not enforced on ECS")
                    .help("EventBridge Scheduler starts a task at every run; make the job refuse to overlap itself (a lock) on ECS"),
            );
        }
    }
}
