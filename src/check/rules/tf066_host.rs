//! [`Code::Host`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF066`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::syntax::is_hostname_label;

/// A DNS name as an ALB host condition takes it (no wildcard: one record per host).
pub(super) fn is_host(host: &str) -> bool {
    host.len() <= 128 && host.contains('.') && host.split('.').all(is_hostname_label)
}

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(host) = service.host.as_deref() else {
            continue;
        };
        let at = cx.value(&["services", name, "host"]);
        if !is_host(host) {
            out.push(
                Diagnostic::new(Code::Host, format!("`{}` is not a host name", host.escape_debug()))
                    .at(at, "labels of letters, digits and `-`, separated by dots, at most 128 characters")
                    .help("write the host name alone, e.g. `api.shop.example.com` (no scheme, port, path or wildcard)"),
            );
        } else if service.route.is_none() && !cx.invalid(&["services", name, "route"]) {
            out.push(
                Diagnostic::new(
                    Code::Host,
                    format!("service `{name}` has a host but no route"),
                )
                .at(at, "nothing routes to this host")
                .help("add `route = \"/\"` to serve the whole host, or remove `host`"),
            );
        }
    }
}
