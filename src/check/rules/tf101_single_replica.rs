//! [`Code::SingleReplica`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF101`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        if service.autoscale.is_none()
            && service.replicas == Some(1)
            && !cx.invalid_within(&["services", name, "autoscale"])
            // A routed service in production is TF158's, which says why it matters more there.
            && !super::tf158_routed_single_replica_in_production::applies(cx, service)
        {
            out.push(
                Diagnostic::new(
                    Code::SingleReplica,
                    format!("service `{name}` runs a single replica"),
                )
                .at(cx.value(&["services", name, "replicas"]), "no redundancy")
                .help("use `replicas = 2` or more (one per AZ), or `autoscale` with `min = 2`"),
            );
        }
    }
}
