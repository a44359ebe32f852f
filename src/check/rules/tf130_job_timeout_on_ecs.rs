//! [`Code::JobTimeoutOnEcs`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF130`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, job) in &cx.spec.jobs {
        if job.timeout.is_some() {
            out.push(
                Diagnostic::new(Code::JobTimeoutOnEcs, format!("job `{name}`: `timeout` stops runs on EKS only"))
                    .at(cx.value(&["jobs", name, "timeout"]), "not enforced on ECS")
                    .help("an ECS task has no deadline; have the job stop itself after this long (e.g. `timeout` in its command)"),
            );
        }
    }
}
