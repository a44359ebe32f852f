//! [`Code::CanaryServiceTaken`]: what it checks and why is the registry's explanation, shown
//! by `twinform explain TF084`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::Strategy;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(deploy) = &service.deploy else {
            continue;
        };
        if deploy.strategy() == Strategy::Rolling {
            continue;
        }
        let canary = format!("{name}-canary");
        if !cx.services().any(|(other, _)| other == canary) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::CanaryServiceTaken,
                format!("service `{name}`'s canary Service `{canary}` is another service's name"),
            )
            .at(
                cx.value(&["services", name, "deploy", "strategy"]),
                format!("emits the Kubernetes Service `{canary}`"),
            )
            .also(cx.service_key(&canary), "which this service also emits")
            .help(format!(
                "rename `{canary}`, or deploy `{name}` with `rolling`"
            )),
        );
    }
}
