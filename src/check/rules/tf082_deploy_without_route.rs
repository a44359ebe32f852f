//! [`Code::DeployWithoutRoute`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF082`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::Strategy;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(deploy) = &service.deploy else {
            continue;
        };
        if deploy.strategy() == Strategy::Rolling
            || service.route.is_some()
            || cx.invalid(&["services", name, "deploy", "strategy"])
        {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::DeployWithoutRoute,
                format!("service `{name}` shifts traffic on deploy but has no route"),
            )
            .at(
                cx.value(&["services", name, "deploy", "strategy"]),
                "needs a load-balancer route",
            )
            .help("use `strategy = \"rolling\"`, or give the service a `route`"),
        );
    }
}
