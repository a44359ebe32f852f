//! [`Code::RouteOnTcp`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF011`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::Protocol;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        if service.protocol == Some(Protocol::Tcp) && service.route.is_some() {
            out.push(
                Diagnostic::new(Code::RouteOnTcp, format!("service `{name}` is `tcp` but has a route"))
                    .at(cx.value(&["services", name, "route"]), "the load balancer cannot route tcp")
                    .also(cx.value(&["services", name, "protocol"]), "declared tcp here")
                    .help("remove `route` (other services still reach it in-cluster), or use `protocol = \"http\"`"),
            );
        }
    }
}
