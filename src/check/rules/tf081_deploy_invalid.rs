//! [`Code::DeployInvalid`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF081`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::{KEYS as DEPLOY_KEYS, Strategy};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(deploy) = &service.deploy else {
            continue;
        };
        let strategy = deploy.strategy();
        for (&(key, min, max, takes), value) in DEPLOY_KEYS.iter().zip(deploy.values()) {
            let Some(value) = value else { continue };
            let path = ["services", name, "deploy", key];
            if cx.invalid(&path) {
                continue;
            }
            let strategy_name = strategy.as_str();
            if !takes.contains(&strategy) {
                out.push(
                    Diagnostic::new(
                        Code::DeployInvalid,
                        format!("service `{name}`: `deploy.{key}` does not apply to `{strategy_name}`"),
                    )
                    .at(cx.key(&path), format!("not a key of `{strategy_name}`"))
                    .help(match strategy {
                        Strategy::Rolling => "a rolling deployment has no bake nor traffic shares; choose `blue-green`, `canary` or `linear`, or remove the key",
                        _ => "remove the key, or choose the strategy it belongs to",
                    }),
                );
            } else if !(min..=max).contains(&value) {
                out.push(
                    Diagnostic::new(
                        Code::DeployInvalid,
                        format!("service `{name}`: `deploy.{key}` is {value}"),
                    )
                    .at(cx.value(&path), format!("must be {min}..={max}"))
                    .help(format!("give a whole number from {min} to {max}")),
                );
            }
        }
    }
}
