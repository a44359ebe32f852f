//! [`Code::ReplicasWithAutoscale`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF017`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        if service.replicas.is_some() && service.autoscale.is_some() {
            out.push(
                Diagnostic::new(
                    Code::ReplicasWithAutoscale,
                    format!("service `{name}` has both `replicas` and `autoscale`"),
                )
                .at(cx.value(&["services", name, "replicas"]), "a fixed count")
                .also(
                    cx.key(&["services", name, "autoscale"]),
                    "the autoscaler owns the count",
                )
                .help("remove `replicas` and set `autoscale.min` instead"),
            );
        }
    }
}
