//! [`Code::DeployWaitsInStackUpdate`]: what it checks and why is the registry's explanation,
//! shown by `twinform explain TF153`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::{Strategy, defaults};

/// Past an hour, a stack update held for the deployment is worth a warning.
const WARN_ABOVE_MINUTES: i64 = 60;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(d) = &service.deploy else { continue };
        if service.route.is_none() || (cx.invalid(&["services", name, "deploy"]) || !d.is_valid()) {
            continue;
        }
        let bake = d.bake_minutes.unwrap_or(defaults::BAKE_MINUTES);
        let total = match d.strategy() {
            Strategy::Rolling => continue,
            Strategy::BlueGreen => bake,
            Strategy::Canary => bake + d.canary_minutes.unwrap_or(defaults::CANARY_MINUTES),
            Strategy::Linear => {
                let percent = d.step_percent.unwrap_or(defaults::STEP_PERCENT).max(1);
                let steps = (1..).take_while(|k| k * percent < 100).count();
                bake + d.step_minutes.unwrap_or(defaults::STEP_MINUTES) * steps as i64
            }
        };
        if total <= WARN_ABOVE_MINUTES {
            continue;
        }
        let at = cx
            .value(&["services", name, "deploy", "bake_minutes"])
            .or_else(|| cx.value(&["services", name, "deploy", "strategy"]));
        out.push(
            Diagnostic::new(
                Code::DeployWaitsInStackUpdate,
                format!(
                    "service `{name}`: every stack update that deploys it waits {total} minutes"
                ),
            )
            .at(at, "CloudFormation completes when the bake does")
            .help("shorten `bake_minutes` or the waits if updates must finish sooner"),
        );
    }
}
