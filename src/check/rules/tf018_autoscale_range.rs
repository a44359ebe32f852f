//! TF018: an invalid `autoscale` table.
//!
//! **What it does.** Checks that `min` and `max` are both set with 1 <= min <= max <= 1000,
//! that at least one target (`cpu`, `memory`, `requests_per_target`) is set, that the
//! percentage targets are within 1..=100, and `requests_per_target` within 1..=1,000,000.
//!
//! **Why.** ECS Application Auto Scaling and the Kubernetes HPA are generated from the same
//! numbers; both need a range and a target, and a percentage above 100 never triggers.
//!
//! **Example.**
//! ```toml
//! [services.auth.autoscale]
//! min = 5
//! max = 2               # error: max is below min
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

/// The same ceiling as `replicas` (TF034).
const MAX_COUNT: i64 = 1000;
const MAX_REQUESTS: i64 = 1_000_000;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(scale) = &service.autoscale else {
            continue;
        };
        let path = |key: &'static str| ["services", name, "autoscale", key];
        let error = |key: &'static str, message: String, label: &str| {
            Diagnostic::new(Code::AutoscaleRange, format!("service `{name}`: {message}"))
                .at(cx.at(&path(key)), label)
        };
        for (key, value) in [("min", scale.min), ("max", scale.max)] {
            if value.is_none() {
                out.push(
                    Diagnostic::new(Code::AutoscaleRange, format!("service `{name}`: `autoscale` needs `{key}`"))
                        .at(cx.key_at(&["services", name, "autoscale"]), format!("`{key}` is missing"))
                        .help("set both `min` and `max`, e.g. `autoscale = { min = 2, max = 10, cpu = 60 }`"),
                );
            }
        }
        if let Some(min) = scale.min.filter(|m| !(1..=MAX_COUNT).contains(m)) {
            out.push(error(
                "min",
                format!("autoscale.min = {min} is not between 1 and {MAX_COUNT}"),
                "out of range",
            ));
        }
        if let Some(max) = scale.max.filter(|m| !(1..=MAX_COUNT).contains(m)) {
            out.push(error(
                "max",
                format!("autoscale.max = {max} is not between 1 and {MAX_COUNT}"),
                "out of range",
            ));
        }
        // Only when both are in range: an out-of-range value is reported once, above.
        if let (Some(min @ 1..=MAX_COUNT), Some(max @ 1..=MAX_COUNT)) = (scale.min, scale.max)
            && max < min
        {
            out.push(
                error(
                    "max",
                    format!("autoscale.max = {max} is below autoscale.min = {min}"),
                    "below `min`",
                )
                .also(cx.located.value(&path("min")), "the minimum")
                .help("`min` must not exceed `max`"),
            );
        }
        if scale.cpu.is_none() && scale.memory.is_none() && scale.requests_per_target.is_none() {
            out.push(
                Diagnostic::new(
                    Code::AutoscaleRange,
                    format!("service `{name}`: `autoscale` has no target"),
                )
                .at(
                    cx.key_at(&["services", name, "autoscale"]),
                    "no `cpu`, `memory` or `requests_per_target`",
                )
                .help("add a target, e.g. `cpu = 60` (average CPU percent)"),
            );
        }
        for (key, value) in [("cpu", scale.cpu), ("memory", scale.memory)] {
            if let Some(v) = value.filter(|v| !(1..=100).contains(v)) {
                out.push(error(
                    key,
                    format!("autoscale.{key} = {v} is not a percentage between 1 and 100"),
                    "out of range",
                ));
            }
        }
        if let Some(v) = scale
            .requests_per_target
            .filter(|v| !(1..=MAX_REQUESTS).contains(v))
        {
            out.push(error(
                "requests_per_target",
                format!("autoscale.requests_per_target = {v} is not between 1 and {MAX_REQUESTS}"),
                "out of range",
            ));
        }
    }
}
