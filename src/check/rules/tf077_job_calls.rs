//! [`Code::JobCalls`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF077`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, job) in &cx.spec.jobs {
        if job.calls.is_some() {
            out.push(
                Diagnostic::new(Code::JobCalls, format!("job `{name}`: a job cannot `calls` services"))
                    .at(cx.key(&["jobs", name, "calls"]), "not available to jobs")
                    .help("on ECS a scheduled task runs outside Service Connect (aws/containers-roadmap#2610), so `http://<service>:<port>` would resolve on EKS only")
                    .help("remove `calls`; reach services through a routed URL or a queue"),
            );
        }
    }
}
