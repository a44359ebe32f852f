//! [`Code::SharedListenerNewVpc`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF070`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::defaults;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let shared = cx
        .spec
        .ingress
        .as_ref()
        .is_some_and(|i| i.listener_arn.is_some());
    let network = cx.spec.network.as_ref();
    if !shared || network.is_some_and(|n| n.vpc_id.is_some()) {
        return;
    }
    let cidr = network
        .and_then(|n| n.cidr.as_deref())
        .unwrap_or(defaults::CIDR);
    out.push(
        Diagnostic::new(
            Code::SharedListenerNewVpc,
            format!(
                "the shared listener's load balancer is in an existing VPC, but without `network.vpc_id` the target groups would be created in a new VPC ({cidr})"
            ),
        )
        .at(
            cx.value(&["ingress", "listener_arn"]),
            "its target groups must be in this load balancer's VPC",
        )
        .help("set `network.vpc_id`, `public_subnets` and `private_subnets` to the listener's VPC and its subnets"),
    );
}
