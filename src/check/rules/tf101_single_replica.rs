//! TF101 (warning): a service with one replica and no autoscale.
//!
//! **What it does.** Reports `replicas = 1` on a service without `autoscale`.
//!
//! **Why.** A single task or pod goes down during every failed deployment, Fargate patching
//! eviction and AZ outage. Fine for a dev environment, which is why it is only a warning.
//!
//! **Example.**
//! ```toml
//! [services.api]
//! replicas = 1          # warning: no redundancy
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        if service.replicas == Some(1) && service.autoscale.is_none() {
            out.push(
                Diagnostic::new(
                    Code::SingleReplica,
                    format!("service `{name}` runs a single replica"),
                )
                .at(cx.at(&["services", name, "replicas"]), "no redundancy")
                .help("use 2 or more replicas (or `autoscale`) where availability matters"),
            );
        }
    }
}
