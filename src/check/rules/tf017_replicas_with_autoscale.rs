//! TF017: `replicas` together with `autoscale`.
//!
//! **What it does.** Reports a service that sets both a fixed `replicas` and `autoscale`
//! (also when one of them comes from the selected environment's overlay).
//!
//! **Why.** With autoscaling the scaler owns the count; a fixed count in the template would
//! reset it on every deploy. `autoscale.min` is the count to start from.
//!
//! **Example.**
//! ```toml
//! [services.api]
//! replicas = 3          # error: with `autoscale`, use `autoscale.min`
//! autoscale = { min = 2, max = 10, cpu = 60 }
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        if service.replicas.is_some() && service.autoscale.is_some() {
            out.push(
                Diagnostic::new(
                    Code::ReplicasWithAutoscale,
                    format!("service `{name}` sets both `replicas` and `autoscale`"),
                )
                .at(cx.at(&["services", name, "replicas"]), "a fixed count")
                .also(
                    cx.located.key(&["services", name, "autoscale"]),
                    "autoscaling set here",
                )
                .help("remove `replicas`; the scaler starts from `autoscale.min`"),
            );
        }
    }
}
