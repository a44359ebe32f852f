//! [`Code::Port`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF008`; this file is how.

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
                .at(cx.value(&["services", name, "port"]), "not in 1..=65535")
                .help("a container port is between 1 and 65535"),
            );
        }
    }
}
