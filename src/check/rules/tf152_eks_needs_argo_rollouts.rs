//! [`Code::EksNeedsArgoRollouts`]: what it checks and why is the registry's explanation, shown
//! by `twinform explain TF152`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::Strategy;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(deploy) = &service.deploy else {
            continue;
        };
        // Without a route TF082 refuses the strategy.
        if deploy.strategy() == Strategy::Rolling || service.route.is_none() {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::EksNeedsArgoRollouts,
                format!(
                    "service `{name}` deploys as an Argo Rollouts Rollout on EKS: the controller is a prerequisite, rollback is manual, in-cluster callers stay on the stable pods until promotion"
                ),
            )
            .at(
                cx.value(&["services", name, "deploy", "strategy"]),
                "needs the Argo Rollouts controller on the cluster",
            )
            .help("install Argo Rollouts and the AWS Load Balancer Controller (v1.1.5+); rollback on EKS is manual (`kubectl argo rollouts abort`): `twinform explain TF152` lists every difference"),
        );
    }
}
