//! TF012: a routed `grpc` service without `ingress.certificate_arn`.
//!
//! **What it does.** Reports a `grpc` service with a `route` when the ingress has no
//! certificate.
//!
//! **Why.** An ALB speaks gRPC only on an HTTPS listener, which needs an ACM certificate; the
//! target group would be created but never receive traffic.
//!
//! **Example.**
//! ```toml
//! [services.orders]
//! protocol = "grpc"
//! route = "/orders"     # error: no `ingress.certificate_arn`
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::Protocol;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let has_certificate = cx
        .spec
        .ingress
        .as_ref()
        .is_some_and(|i| i.certificate_arn.is_some());
    if has_certificate {
        return;
    }
    for (name, service) in cx.services() {
        if service.protocol == Some(Protocol::Grpc) && service.route.is_some() {
            out.push(
                Diagnostic::new(
                    Code::GrpcWithoutCertificate,
                    format!("service `{name}` is routed gRPC, but the ingress has no certificate"),
                )
                .at(cx.at(&["services", name, "route"]), "an ALB serves gRPC only over HTTPS")
                .also(cx.located.value(&["services", name, "protocol"]), "declared grpc here")
                .help("set `certificate_arn` under `[ingress]`, or remove `route` to keep the service internal"),
            );
        }
    }
}
