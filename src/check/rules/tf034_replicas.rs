//! [`Code::Replicas`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF034`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(replicas) = service.replicas.filter(|r| !(1..=1000).contains(r)) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                Code::Replicas,
                format!("service `{name}`: `replicas` = {replicas} is out of range"),
            )
            .at(cx.value(&["services", name, "replicas"]), "not in 1..=1000")
            .help("to stop a service, remove it; to scale with load, use `autoscale`"),
        );
    }
}
