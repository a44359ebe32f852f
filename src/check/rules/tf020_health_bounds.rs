//! [`Code::HealthBounds`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF020`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::defaults;

const RANGES: [(&str, i64, i64); 5] = [
    ("interval", 5, 300),
    ("timeout", 2, 120),
    ("healthy", 2, 10),
    ("unhealthy", 2, 10),
    ("grace", 0, 3600),
];

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(h) = &service.health else { continue };
        let values = [h.interval, h.timeout, h.healthy, h.unhealthy, h.grace];
        for ((key, lo, hi), value) in RANGES.into_iter().zip(values) {
            if let Some(v) = value.filter(|v| !(lo..=hi).contains(v)) {
                out.push(
                    Diagnostic::new(
                        Code::HealthBounds,
                        format!("service `{name}`: `health.{key}` = {v} is out of bounds"),
                    )
                    .at(
                        cx.value(&["services", name, "health", key]),
                        format!("not in {lo}..={hi}"),
                    )
                    .help(format!(
                        "the load balancer accepts `{key}` between {lo} and {hi}"
                    )),
                );
            }
        }
        let interval = h.interval.unwrap_or(defaults::HEALTH_INTERVAL);
        let timeout = h.timeout.unwrap_or(defaults::HEALTH_TIMEOUT);
        let known = !cx.invalid(&["services", name, "health", "interval"])
            && !cx.invalid(&["services", name, "health", "timeout"]);
        let in_range = known && (5..=300).contains(&interval) && (2..=120).contains(&timeout);
        if in_range && timeout >= interval {
            let key = if h.timeout.is_some() {
                "timeout"
            } else {
                "interval"
            };
            out.push(
                Diagnostic::new(Code::HealthBounds, format!("service `{name}`: health timeout {timeout} s is not below the interval {interval} s"))
                    .at(cx.value(&["services", name, "health", key]), "timeout must be < interval")
                    .help("a check must time out before the next one starts"),
            );
        }
        if let Some(path) = h.path.as_deref() {
            let problem = if !path.starts_with('/') {
                Some("must start with `/`")
            } else if path.len() > 1024 {
                Some("longer than 1024 characters")
            } else if !path.bytes().all(|b| b.is_ascii_graphic()) {
                Some("only printable ASCII without spaces")
            } else {
                None
            };
            if let Some(problem) = problem {
                out.push(
                    Diagnostic::new(Code::HealthBounds, format!("service `{name}`: invalid health path `{}`", path.escape_debug()))
                        .at(cx.value(&["services", name, "health", "path"]), problem)
                        .help("an HTTP path such as `/healthz`, or for gRPC the health method `/grpc.health.v1.Health/Check`"),
                );
            }
        }
    }
}
