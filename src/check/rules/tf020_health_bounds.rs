//! TF020: a health-check setting outside what the load balancer accepts.
//!
//! **What it does.** Checks `health` with defaults applied: `interval` 5..=300 s, `timeout`
//! 2..=120 s and below `interval`, `healthy` and `unhealthy` 2..=10, `grace` 0..=3600 s, and a
//! `path` that starts with `/` (at most 1024 characters, no spaces). A `tcp` service is checked
//! by connecting, so a `path` on it is an error rather than silently ignored.
//!
//! **Why.** The same numbers become the ALB target-group health check, the ECS grace period and
//! the Kubernetes probes; the ALB's bounds are the strictest, and it rejects the stack update
//! (not the synthesis) when they are violated.
//!
//! **Example.**
//! ```toml
//! [services.api]
//! health = { interval = 5, timeout = 5 }   # error: timeout must be below interval
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::{Protocol, defaults};

const PATH_MAX: usize = 1024;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(health) = &service.health else {
            continue;
        };
        let at = |key: &str| cx.at(&["services", name, "health", key]);
        let error = |message: String| {
            Diagnostic::new(Code::HealthBounds, format!("service `{name}`: {message}"))
        };
        let bounds = [
            ("interval", health.interval, 5, 300, "seconds"),
            ("timeout", health.timeout, 2, 120, "seconds"),
            ("healthy", health.healthy, 2, 10, "checks"),
            ("unhealthy", health.unhealthy, 2, 10, "checks"),
            ("grace", health.grace, 0, 3600, "seconds"),
        ];
        for (key, value, min, max, unit) in bounds {
            if let Some(v) = value.filter(|v| !(min..=max).contains(v)) {
                out.push(
                    error(format!(
                        "health.{key} = {v} is not between {min} and {max} {unit}"
                    ))
                    .at(at(key), "out of range"),
                );
            }
        }
        let interval = health.interval.unwrap_or(defaults::HEALTH_INTERVAL);
        let timeout = health.timeout.unwrap_or(defaults::HEALTH_TIMEOUT);
        if (5..=300).contains(&interval) && (2..=120).contains(&timeout) && timeout >= interval {
            // Blame the value the user wrote; a default is not theirs to fix.
            let (primary, label) = if health.timeout.is_some() {
                (at("timeout"), "not below the interval")
            } else {
                (at("interval"), "not above the default timeout of 5 s")
            };
            let mut d = error(format!(
                "health.timeout = {timeout} must be below health.interval = {interval}"
            ))
            .at(primary, label)
            .help("a check must time out before the next one starts");
            if health.timeout.is_some() && health.interval.is_some() {
                d = d.also(
                    cx.located.value(&["services", name, "health", "interval"]),
                    "the interval",
                );
            }
            out.push(d);
        }
        let Some(path) = health.path.as_deref() else {
            continue;
        };
        if service.protocol == Some(Protocol::Tcp) {
            out.push(
                error("a `tcp` service has no health-check path".to_owned())
                    .at(at("path"), "not used")
                    .help("a tcp service is checked by opening a connection; remove `path`"),
            );
        } else if !path.starts_with('/') {
            out.push(
                error(format!(
                    "health.path `{}` must start with `/`",
                    path.escape_debug()
                ))
                .at(at("path"), "not an absolute path")
                .help(format!("write `path = \"/{}\"`", path.escape_debug())),
            );
        } else if path.chars().count() > PATH_MAX
            || path.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            out.push(
                error(format!(
                    "health.path must be at most {PATH_MAX} characters without spaces"
                ))
                .at(at("path"), "invalid path"),
            );
        }
    }
}
