//! [`Code::GrpcWithoutCertificate`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF012`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::Protocol;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let has_certificate = cx.spec.ingress.as_ref().is_some_and(|i| {
        i.certificate_arn.is_some() || i.certificate_arns.as_ref().is_some_and(|c| !c.is_empty())
    });
    let unknown =
        cx.invalid(&["ingress", "certificate_arn"]) || cx.invalid(&["ingress", "certificate_arns"]);
    if has_certificate || unknown {
        return;
    }
    for (name, service) in cx.services() {
        if service.protocol == Some(Protocol::Grpc) && service.route.is_some() {
            out.push(
                Diagnostic::new(Code::GrpcWithoutCertificate, format!("service `{name}` is routed gRPC but the load balancer has no certificate"))
                    .at(cx.value(&["services", name, "route"]), "gRPC needs an HTTPS listener")
                    .also(cx.value(&["services", name, "protocol"]), "declared grpc here")
                    .help("set `ingress.certificate_arn` to an ACM certificate, or remove `route` to keep the service internal"),
            );
        }
    }
}
