//! [`Code::QueueOnServer`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF086`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        if service.autoscale.as_ref().is_none_or(|a| a.queue.is_none()) {
            continue;
        }
        let key = if service.port.is_some() {
            "port"
        } else if service.route.is_some() {
            "route"
        } else {
            continue;
        };
        out.push(
            Diagnostic::new(
                Code::QueueOnServer,
                format!("service `{name}` scales on a queue but serves `{key}`"),
            )
            .at(
                cx.key(&["services", name, "autoscale", "queue"]),
                "queue scaling is for workers",
            )
            .also(cx.value(&["services", name, key]), "makes it a server")
            .help("scale a server on `cpu`, `memory` or `requests_per_target`, or move the queue consumer to its own worker"),
        );
    }
}
