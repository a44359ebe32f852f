//! [`Code::MissingKey`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF003`; this file is how.
//!
//! A missing key points at the table that should hold it.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    match cx.spec.app.as_ref() {
        None if cx.invalid(&["app"]) => {}
        None => out.push(
            Diagnostic::new(Code::MissingKey, "missing the `[app]` table").help(
                "add `[app]` with `name = \"...\"` (a DNS-1123 label of at most 20 characters)",
            ),
        ),
        Some(app) if app.name.is_none() && !cx.invalid(&["app", "name"]) => out.push(
            Diagnostic::new(Code::MissingKey, "missing `app.name`")
                .at(cx.located.raw_key(&["app"]), "this table needs `name`")
                .help("add `name = \"...\"`: it prefixes AWS names and is the default namespace"),
        ),
        Some(_) => {}
    }
    for (name, service) in cx.services() {
        let unknown = |key: &str| cx.invalid(&["services", name, key]);
        if service.image.is_none() && !unknown("image") {
            out.push(
                Diagnostic::new(
                    Code::MissingKey,
                    format!("service `{name}`: missing `image`"),
                )
                .at(cx.service_key(name), "this service needs `image`")
                .help("add `image = \"registry/name:tag\"`"),
            );
        }
        if service.port.is_none() && service.route.is_some() && !unknown("port") {
            out.push(
                Diagnostic::new(
                    Code::MissingKey,
                    format!("service `{name}`: missing `port`"),
                )
                .at(
                    cx.value(&["services", name, "route"]),
                    "a routed service needs `port`",
                )
                .help("add `port = 8080`; a service without `port` and `route` is a worker"),
            );
        }
        for (i, sidecar) in service.sidecars.iter().flatten().enumerate() {
            let index = i.to_string();
            for (key, missing) in [
                ("name", sidecar.name.is_none()),
                ("image", sidecar.image.is_none()),
            ] {
                if missing && !cx.invalid(&["services", name, "sidecars", &index, key]) {
                    out.push(
                        Diagnostic::new(
                            Code::MissingKey,
                            format!("service `{name}`: sidecar {} is missing `{key}`", i + 1),
                        )
                        .at(
                            // The sidecar's name when it has one, else its `sidecars` key.
                            cx.value(&["services", name, "sidecars", &index, "name"])
                                .or_else(|| cx.key(&["services", name, "sidecars"])),
                            format!("this sidecar needs `{key}`"),
                        )
                        .help(format!("add `{key} = \"...\"`")),
                    );
                }
            }
        }
    }
}
