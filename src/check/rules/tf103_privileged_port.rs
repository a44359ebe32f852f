//! TF103 (warning): a container port below 1024.
//!
//! **What it does.** Reports a `port` in 1..=1023.
//!
//! **Why.** Containers run as a non-root user on both targets, and a non-root process cannot
//! bind a port below 1024 unless the image grants `CAP_NET_BIND_SERVICE`; the task would start
//! and exit immediately.
//!
//! **Example.**
//! ```toml
//! [services.web]
//! port = 80             # warning: privileged port
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(port) = service.port.filter(|p| (1..1024).contains(p)) else {
            continue;
        };
        out.push(
            Diagnostic::new(Code::PrivilegedPort, format!("service `{name}`: port {port} is below 1024"))
                .at(cx.at(&["services", name, "port"]), "a privileged port")
                .help("the container runs as non-root; listen on 1024 or above (the load balancer still serves 80/443)"),
        );
    }
}
