//! TF105 (warning): `spot = true`, which EKS on Fargate cannot honour.
//!
//! **What it does.** Reports every service with `spot = true`.
//!
//! **Why.** ECS runs it on Fargate Spot (cheaper, interruptible); EKS on Fargate has no Spot
//! capacity, so the Kubernetes output runs the same service on regular Fargate, at a different
//! price and with different interruption behaviour.
//!
//! **Example.**
//! ```toml
//! [services.worker]
//! spot = true           # warning: ECS only
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        if service.spot == Some(true) {
            out.push(
                Diagnostic::new(Code::SpotIgnoredOnEks, format!("service `{name}`: spot applies to ECS only"))
                    .at(cx.at(&["services", name, "spot"]), "ignored on EKS")
                    .help("EKS on Fargate has no Spot capacity; the Kubernetes output runs it on regular Fargate"),
            );
        }
    }
}
