//! [`Code::QueueFromZero`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF087`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(a) = &service.autoscale else {
            continue;
        };
        if a.queue.is_none() || a.min != Some(0) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::QueueFromZero,
                format!("service `{name}` cannot scale out from 0 tasks on ECS"),
            )
            .at(
                cx.value(&["services", name, "autoscale", "min"]),
                "0 tasks: backlog ÷ tasks has no value",
            )
            .help("set `min = 1`: at 0 running tasks ECS's backlog-per-task metric has no data and target tracking never scales out (KEDA could, but both targets keep the same bounds)"),
        );
    }
}
