//! [`Code::RequestsNotMapped`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF104`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let requests = service
            .autoscale
            .as_ref()
            .and_then(|a| a.requests_per_target);
        // Without a route it is TF019's error already.
        if requests.is_some() && service.route.is_some() {
            out.push(
                Diagnostic::new(Code::RequestsNotMapped, format!("service `{name}`: `requests_per_target` applies to ECS only"))
                    .at(cx.value(&["services", name, "autoscale", "requests_per_target"]), "no Kubernetes HPA metric")
                    .help("the HPA scales on the `cpu` and `memory` targets only; set one of them too so EKS scales at all"),
            );
        }
    }
}
