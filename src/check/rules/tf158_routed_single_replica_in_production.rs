//! [`Code::RoutedSingleReplicaInProduction`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF158`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::Service;

/// Environment names that mean production, compared without case.
pub const PRODUCTION: [&str; 4] = ["prod", "production", "prd", "live"];

/// Whether the selected environment is a production one.
pub(crate) fn production(cx: &Context<'_>) -> bool {
    cx.located
        .env()
        .is_some_and(|env| PRODUCTION.iter().any(|p| p.eq_ignore_ascii_case(env)))
}

/// Whether TF158 judges `service` (a routed service in production); TF101 leaves it alone.
pub(crate) fn applies(cx: &Context<'_>, service: &Service) -> bool {
    production(cx) && service.route.is_some()
}

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(env) = cx.located.env().filter(|_| production(cx)) else {
        return;
    };
    for (name, service) in cx.services().filter(|(_, s)| applies(cx, s)) {
        if cx.service_keys_invalid(name, &["replicas", "autoscale"]) {
            continue;
        }
        let (fewest, at, key) = match &service.autoscale {
            Some(autoscale) => match autoscale.min {
                Some(min) => (
                    min,
                    &["services", name, "autoscale", "min"][..],
                    "autoscale.min",
                ),
                None => continue,
            },
            None => (
                service.replicas.unwrap_or(crate::spec::defaults::REPLICAS),
                &["services", name, "replicas"][..],
                "replicas",
            ),
        };
        if fewest >= 2 {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::RoutedSingleReplicaInProduction,
                format!(
                    "routed service `{name}` can run a single replica in production environment `{env}`"
                ),
            )
            .at(cx.value(at), format!("`{key} = {fewest}`: no redundancy"))
            .also(
                cx.value(&["services", name, "route"]),
                "its route fails while that one task or pod is replaced",
            )
            .help(format!(
                "set `{key} = 2` or more in `[environments.{env}.services.{name}]` (one per AZ)"
            )),
        );
    }
}
