//! [`Code::PrivilegedPort`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF103`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(port) = service.port.filter(|p| (1..1024).contains(p)) else {
            continue;
        };
        out.push(
            Diagnostic::new(Code::PrivilegedPort, format!("service `{name}` listens on port {port}, below 1024"))
                .at(cx.value(&["services", name, "port"]), "a privileged port")
                .help("the container runs as a non-root user, which cannot bind it unless the image grants CAP_NET_BIND_SERVICE; prefer e.g. 8080"),
        );
    }
}
