//! [`Code::Arm64OnEks`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF127`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::Platform;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        if service.platform == Some(Platform::Arm64) {
            out.push(
                Diagnostic::new(
                    Code::Arm64OnEks,
                    format!("service `{name}`: `linux/arm64` applies to ECS only"),
                )
                .at(
                    cx.value(&["services", name, "platform"]),
                    "EKS on Fargate runs this image on amd64",
                )
                .help("publish a multi-arch image (linux/amd64 and linux/arm64) for this service and its sidecars"),
            );
        }
    }
}
