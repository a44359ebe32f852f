//! [`Code::RequestsWithoutRoute`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF019`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let requests = service
            .autoscale
            .as_ref()
            .and_then(|a| a.requests_per_target);
        if requests.is_some()
            && service.route.is_none()
            && !cx.invalid(&["services", name, "route"])
        {
            out.push(
                Diagnostic::new(
                    Code::RequestsWithoutRoute,
                    format!("service `{name}` scales on requests but has no route"),
                )
                .at(
                    cx.value(&["services", name, "autoscale", "requests_per_target"]),
                    "needs the load balancer",
                )
                .help("add a `route`, or scale on `cpu` or `memory` instead"),
            );
        }
    }
}
