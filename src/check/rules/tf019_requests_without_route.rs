//! TF019: `autoscale.requests_per_target` on a service without a `route`.
//!
//! **What it does.** Reports the request-count target of a service that the load balancer
//! does not route to.
//!
//! **Why.** The metric is the ALB's request count per target; an internal service has no
//! target group, so the scaling policy could not be created.
//!
//! **Example.**
//! ```toml
//! [services.worker.autoscale]
//! min = 1
//! max = 4
//! requests_per_target = 100   # error: `worker` has no route
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let requests = service
            .autoscale
            .as_ref()
            .and_then(|a| a.requests_per_target);
        if requests.is_some() && service.route.is_none() {
            out.push(
                Diagnostic::new(
                    Code::RequestsWithoutRoute,
                    format!("service `{name}` scales on requests per target but has no route"),
                )
                .at(
                    cx.at(&["services", name, "autoscale", "requests_per_target"]),
                    "needs a route",
                )
                .help("scale on `cpu` or `memory` instead, or give the service a `route`"),
            );
        }
    }
}
