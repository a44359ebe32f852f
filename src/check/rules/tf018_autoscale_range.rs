//! [`Code::AutoscaleRange`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF018`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

/// The largest task count an autoscaler may reach (the same bound as `replicas`, TF034).
pub const MAX_COUNT: i64 = 1000;
/// The largest `requests_per_target` accepted (ALB requests per target per minute).
pub const MAX_REQUESTS: i64 = 1_000_000;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(a) = &service.autoscale else {
            continue;
        };
        let path = |key: &'static str| ["services", name, "autoscale", key];
        let table = cx.key(&["services", name, "autoscale"]);
        let mut report = |span, message: String, label: &str, help: &str| {
            out.push(
                Diagnostic::new(Code::AutoscaleRange, format!("service `{name}`: {message}"))
                    .at(span, label)
                    .help(help),
            );
        };
        for (key, value) in [("min", a.min), ("max", a.max)] {
            match value {
                None if cx.invalid(&path(key)) => {}
                None => report(
                    table.clone(),
                    format!("`autoscale` needs `{key}`"),
                    "missing",
                    "set both `min` and `max`",
                ),
                // A queue worker's `min = 0` is TF087's, with the reason.
                Some(0) if key == "min" && a.queue.is_some() => {}
                Some(v) if !(1..=MAX_COUNT).contains(&v) => report(
                    cx.value(&path(key)),
                    format!("`autoscale.{key}` = {v} is out of range"),
                    "not in 1..=1000",
                    "the task count is between 1 and 1000",
                ),
                Some(_) => {}
            }
        }
        if let (Some(min), Some(max)) = (a.min, a.max)
            && min > max
            && (1..=MAX_COUNT).contains(&min)
            && (1..=MAX_COUNT).contains(&max)
        {
            report(
                cx.value(&path("max")),
                format!("`autoscale.max` = {max} is below `min` = {min}"),
                "below min",
                "`max` must be at least `min`",
            );
        }
        for (key, value) in [("cpu", a.cpu), ("memory", a.memory)] {
            if let Some(v) = value.filter(|v| !(1..=100).contains(v)) {
                report(
                    cx.value(&path(key)),
                    format!("`autoscale.{key}` = {v} is not a percentage"),
                    "not in 1..=100",
                    "a target is an average utilization in percent",
                );
            }
        }
        if let Some(v) = a
            .requests_per_target
            .filter(|v| !(1..=MAX_REQUESTS).contains(v))
        {
            report(
                cx.value(&path("requests_per_target")),
                format!("`autoscale.requests_per_target` = {v} is out of range"),
                "not in 1..=1000000",
                "requests per target per minute, at least 1",
            );
        }
        if a.cpu.is_none()
            && a.memory.is_none()
            && a.requests_per_target.is_none()
            && a.queue.is_none()
            && !cx.invalid(&path("queue"))
        {
            report(
                table,
                "`autoscale` has no target".to_owned(),
                "scales on nothing",
                "set `cpu`, `memory`, `requests_per_target` or `queue` (e.g. `cpu = 60`)",
            );
        }
    }
}
