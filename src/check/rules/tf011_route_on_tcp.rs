//! TF011: a `tcp` service has a `route`.
//!
//! **What it does.** Reports a `route` on a service whose `protocol` is `tcp`.
//!
//! **Why.** An Application Load Balancer routes HTTP and gRPC only; a raw TCP service can be
//! reached inside the cluster (`calls`) but not through the shared ALB.
//!
//! **Example.**
//! ```toml
//! [services.cache]
//! protocol = "tcp"
//! route = "/cache"      # error: an ALB cannot route tcp
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::Protocol;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        if service.protocol == Some(Protocol::Tcp) && service.route.is_some() {
            out.push(
                Diagnostic::new(Code::RouteOnTcp, format!("service `{name}` is `tcp` but has a route"))
                    .at(cx.at(&["services", name, "route"]), "the load balancer routes HTTP and gRPC only")
                    .also(cx.located.value(&["services", name, "protocol"]), "declared tcp here")
                    .help("remove `route` (other services still reach it through `calls`), or use `http` or `grpc`"),
            );
        }
    }
}
