//! [`Code::DeployTooLong`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF083`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::{Strategy, defaults};

/// CloudFormation's limit on a canary or linear ECS deployment: 33 hours.
pub const MAX_MINUTES: i64 = 33 * 60;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(d) = &service.deploy else { continue };
        if cx.invalid(&["services", name, "deploy"]) || !d.is_valid() {
            continue;
        }
        let bake = d.bake_minutes.unwrap_or(defaults::BAKE_MINUTES);
        let (total, key) = match d.strategy() {
            Strategy::Canary => (
                bake + d.canary_minutes.unwrap_or(defaults::CANARY_MINUTES),
                "canary_minutes",
            ),
            Strategy::Linear => {
                let percent = d.step_percent.unwrap_or(defaults::STEP_PERCENT);
                // TF081 reports a percent out of range.
                if !(1..=100).contains(&percent) {
                    continue;
                }
                let steps = if 100 % percent == 0 {
                    100 / percent - 1
                } else {
                    100 / percent
                };
                (
                    bake + d.step_minutes.unwrap_or(defaults::STEP_MINUTES) * steps,
                    "step_minutes",
                )
            }
            Strategy::Rolling | Strategy::BlueGreen => continue,
        };
        if total <= MAX_MINUTES {
            continue;
        }
        let path = ["services", name, "deploy", key];
        let at = cx
            .value(&path)
            .or_else(|| cx.value(&["services", name, "deploy", "bake_minutes"]))
            .or_else(|| cx.value(&["services", name, "deploy", "strategy"]));
        out.push(
            Diagnostic::new(
                Code::DeployTooLong,
                format!("service `{name}`: the deployment lasts {total} minutes"),
            )
            .at(
                at,
                format!("CloudFormation waits at most {MAX_MINUTES} minutes (33 h)"),
            )
            .help("shorten `bake_minutes` or the waits, or take bigger steps"),
        );
    }
}
