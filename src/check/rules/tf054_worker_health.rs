//! [`Code::WorkerHealth`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF054`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

/// ECS container health-check limits (`HealthCheck.Timeout`, `HealthCheck.StartPeriod`).
const MAX_TIMEOUT: i64 = 60;
const MAX_START_PERIOD: i64 = 300;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        // Whether it is a worker, or what its health says, is unknown when those keys have the
        // wrong type (TF002).
        if cx.service_keys_invalid(name, &["port", "route", "health"]) {
            continue;
        }
        let worker = service.port.is_none() && service.route.is_none();
        let health = service.health.clone().unwrap_or_default();
        let at = |key: &str| cx.value(&["services", name, "health", key]);
        let mut report = |message: String, span, label: &str, help: &str| {
            out.push(
                Diagnostic::new(Code::WorkerHealth, format!("service `{name}`: {message}"))
                    .at(span, label.to_owned())
                    .help(help.to_owned()),
            );
        };
        match (&health.command, worker) {
            (None, true) => report(
                "a worker needs `health.command`".to_owned(),
                cx.service_key(name),
                "no `port`: this service is a worker",
                "add `health = { command = [\"/app/healthcheck\"] }` (healthy when it exits 0), or give the service a `port`",
            ),
            (Some(command), _) => {
                if command.first().is_none_or(|c| c.trim().is_empty()) {
                    report(
                        "empty `health.command`".to_owned(),
                        at("command"),
                        "no program to run",
                        "name the program and its arguments, e.g. `[\"/app/healthcheck\", \"--quick\"]`",
                    );
                }
                if health.path.is_some() {
                    report(
                        "`health.path` together with `health.command`".to_owned(),
                        at("path"),
                        "exclusive with `command`",
                        "keep one: `command` runs in the container on both targets, `path` is probed over the port",
                    );
                }
                for (key, value, max) in [
                    ("timeout", health.timeout, MAX_TIMEOUT),
                    ("grace", health.grace, MAX_START_PERIOD),
                ] {
                    if let Some(v) = value.filter(|v| *v > max) {
                        report(
                            format!("command health `{key}` = {v} exceeds {max} s"),
                            at(key),
                            &format!("at most {max} for a container health check"),
                            "ECS container health checks allow a timeout of up to 60 s and a start period of up to 300 s",
                        );
                    }
                }
            }
            (None, false) => {}
        }
    }
}
