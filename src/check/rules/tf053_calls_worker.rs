//! [`Code::CallsWorker`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF053`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        for (i, callee) in service.calls.iter().flatten().enumerate() {
            // A worker is a service without `port` and without `route` (TF003 reports a route
            // without a port); an unknown name is TF013's.
            let Some(target) = cx.spec.services.get(callee) else {
                continue;
            };
            let unknown = |key| cx.invalid(&["services", callee, key]);
            if target.port.is_some()
                || target.route.is_some()
                || callee == name
                || unknown("port")
                || unknown("route")
            {
                continue;
            }
            let index = i.to_string();
            out.push(
                Diagnostic::new(
                    Code::CallsWorker,
                    format!("service `{name}` calls `{callee}`, a worker without a port"),
                )
                .at(
                    cx.value(&["services", name, "calls", &index]),
                    "a worker cannot be called",
                )
                .help(format!(
                    "give `{callee}` a `port` (and a `health.path`), or remove it from `calls`"
                )),
            );
        }
    }
}
