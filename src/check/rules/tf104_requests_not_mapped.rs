//! TF104 (warning): `requests_per_target` has no Kubernetes equivalent.
//!
//! **What it does.** Reports `autoscale.requests_per_target` on a routed service (without a
//! route, TF019 already reports it as an error).
//!
//! **Why.** ECS scales on the ALB's request count per target; a Kubernetes HPA has no such
//! metric without a metrics adapter, so the HPA uses only the `cpu` and `memory` targets and
//! the two targets scale differently.
//!
//! **Example.**
//! ```toml
//! [services.api.autoscale]
//! requests_per_target = 500   # warning: ECS only
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(scale) = &service.autoscale else {
            continue;
        };
        if scale.requests_per_target.is_none() || service.route.is_none() {
            continue;
        }
        let mut d = Diagnostic::new(
            Code::RequestsNotMapped,
            format!("service `{name}`: requests_per_target scales ECS only; the Kubernetes HPA ignores it"),
        )
        .at(cx.at(&["services", name, "autoscale", "requests_per_target"]), "ECS only");
        d = if scale.cpu.is_none() && scale.memory.is_none() {
            d.help("with no `cpu` or `memory` target the HPA has no metric at all: add one")
        } else {
            d.help("on Kubernetes the HPA scales on the `cpu`/`memory` targets only")
        };
        out.push(d);
    }
}
