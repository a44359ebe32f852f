//! TF008: a container port outside 1..=65535.
//!
//! **What it does.** Checks every service's `port`.
//!
//! **Why.** TCP ports are 16-bit and 0 is not a listening port; ECS and Kubernetes both reject
//! anything else at deploy time, long after the template was written.
//!
//! **Example.**
//! ```toml
//! [services.api]
//! port = 80800          # error: port 80800 is out of range
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(port) = service.port else { continue };
        if !(1..=65535).contains(&port) {
            out.push(
                Diagnostic::new(
                    Code::Port,
                    format!("service `{name}`: port {port} is out of range"),
                )
                .at(
                    cx.at(&["services", name, "port"]),
                    "not between 1 and 65535",
                )
                .help("a container port is between 1 and 65535 (prefer 1024 or above)"),
            );
        }
    }
}
