//! TF034: `replicas` outside 1..=1000.
//!
//! **What it does.** Checks every service's fixed `replicas`.
//!
//! **Why.** Zero replicas deploys a service that never runs (and makes the load balancer answer
//! 503); the upper bound keeps a typo from launching thousands of billed tasks.
//!
//! **Example.**
//! ```toml
//! [services.api]
//! replicas = 0          # error: between 1 and 1000
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(replicas) = service.replicas else {
            continue;
        };
        if !(1..=1000).contains(&replicas) {
            out.push(
                Diagnostic::new(
                    Code::Replicas,
                    format!("service `{name}`: replicas = {replicas} is not between 1 and 1000"),
                )
                .at(cx.at(&["services", name, "replicas"]), "out of range")
                .help(
                    "to stop a service, remove it from the spec; to scale further, use `autoscale`",
                ),
            );
        }
    }
}
