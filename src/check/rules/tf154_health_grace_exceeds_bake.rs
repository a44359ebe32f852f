//! [`Code::HealthGraceExceedsBake`]: what it checks and why is the registry's explanation,
//! shown by `twinform explain TF154`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::{Strategy, defaults};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(d) = &service.deploy else { continue };
        if d.strategy() == Strategy::Rolling
            || service.route.is_none()
            || (cx.invalid(&["services", name, "deploy"]) || !d.is_valid())
            || cx.invalid(&["services", name, "health", "grace"])
        {
            continue;
        }
        let grace = service
            .health
            .as_ref()
            .and_then(|h| h.grace)
            .unwrap_or(defaults::HEALTH_GRACE);
        let bake = d.bake_minutes.unwrap_or(defaults::BAKE_MINUTES);
        if grace <= bake * 60 {
            continue;
        }
        let grace_at = cx
            .value(&["services", name, "health", "grace"])
            .or_else(|| cx.service_key(name));
        let bake_at = cx
            .value(&["services", name, "deploy", "bake_minutes"])
            .or_else(|| cx.value(&["services", name, "deploy", "strategy"]));
        out.push(
            Diagnostic::new(
                Code::HealthGraceExceedsBake,
                format!(
                    "service `{name}`: the health grace period ({grace} s) outlasts the bake ({bake} min)"
                ),
            )
            .at(grace_at, "failed health checks do not count for this long")
            .also(bake_at, "the old revision stops after this")
            .help(format!(
                "set `bake_minutes` to at least {} or shorten `health.grace`",
                (grace + 59) / 60
            )),
        );
    }
}
