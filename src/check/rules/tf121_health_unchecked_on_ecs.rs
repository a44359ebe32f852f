//! [`Code::HealthUncheckedOnEcs`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF121`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        if cx.service_keys_invalid(name, &["port", "route", "health"]) {
            continue;
        }
        let Some(health) = &service.health else {
            continue;
        };
        if service.port.is_none() || service.route.is_some() || health.command.is_some() {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::HealthUncheckedOnEcs,
                format!("service `{name}`: `health` is not checked on ECS"),
            )
            .at(
                cx.value(&["services", name, "health"]),
                "probed on EKS only: no route, so no load balancer checks it on ECS",
            )
            .help("add `command` (e.g. `health = { command = [\"/app/healthcheck\"] }`): ECS runs it in the container and EKS uses it as an exec probe"),
        );
    }
}
