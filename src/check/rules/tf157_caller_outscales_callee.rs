//! [`Code::CallerOutscalesCallee`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF157`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::{Service, Span};

/// How many times a callee's most replicas its caller's may reach (connection fan-in).
pub const FAN_IN_FACTOR: i64 = 4;

/// A service's most replicas and where that number is written (`None`: the default).
fn most(cx: &Context<'_>, name: &str, service: &Service) -> Option<(i64, Option<Span>)> {
    match &service.autoscale {
        Some(autoscale) => Some((
            autoscale.max?,
            cx.value(&["services", name, "autoscale", "max"]),
        )),
        None => Some((
            service.replicas.unwrap_or(crate::spec::defaults::REPLICAS),
            cx.value(&["services", name, "replicas"]),
        )),
    }
}

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (caller, service) in cx.services() {
        if cx.service_keys_invalid(caller, &["replicas", "autoscale", "calls"]) {
            continue;
        }
        let Some((caller_max, caller_at)) = most(cx, caller, service) else {
            continue;
        };
        for (index, callee) in service.calls.iter().flatten().enumerate() {
            let Some((_, callee_service)) = cx.services().find(|(n, _)| *n == callee) else {
                continue;
            };
            if cx.service_keys_invalid(callee, &["replicas", "autoscale"]) {
                continue;
            }
            let Some((callee_max, callee_at)) = most(cx, callee, callee_service) else {
                continue;
            };
            if caller_max <= FAN_IN_FACTOR.saturating_mul(callee_max) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::CallerOutscalesCallee,
                    format!(
                        "`{caller}` can run {caller_max} replicas calling `{callee}`, which runs at most {callee_max} (more than {FAN_IN_FACTOR}×)"
                    ),
                )
                .at(
                    cx.value(&["services", caller, "calls", &index.to_string()]),
                    "this callee cannot follow its caller's scale-out",
                )
                .also(caller_at.clone(), format!("up to {caller_max} callers"))
                .also(callee_at, format!("at most {callee_max} here"))
                .help(format!(
                    "raise `{callee}`'s `autoscale.max` (or `replicas`) to at least {}, or lower `{caller}`'s",
                    (caller_max + FAN_IN_FACTOR - 1) / FAN_IN_FACTOR
                )),
            );
        }
    }
}
