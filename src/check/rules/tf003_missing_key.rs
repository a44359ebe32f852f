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
        let sidecars = service
            .sidecars
            .iter()
            .flatten()
            .map(|c| (&c.name, &c.image));
        let inits = service.init.iter().flatten().map(|c| (&c.name, &c.image));
        for (list, what, containers) in [
            ("sidecars", "sidecar", sidecars.collect::<Vec<_>>()),
            ("init", "init container", inits.collect()),
        ] {
            for (i, (container_name, image)) in containers.into_iter().enumerate() {
                let index = i.to_string();
                for (key, missing) in [
                    ("name", container_name.is_none()),
                    ("image", image.is_none()),
                ] {
                    if missing && !cx.invalid(&["services", name, list, &index, key]) {
                        out.push(
                            Diagnostic::new(
                                Code::MissingKey,
                                format!("service `{name}`: {what} {} is missing `{key}`", i + 1),
                            )
                            .at(
                                // The container's name when it has one, else its list's key.
                                cx.value(&["services", name, list, &index, "name"])
                                    .or_else(|| cx.key(&["services", name, list])),
                                format!("this {what} needs `{key}`"),
                            )
                            .help(format!("add `{key} = \"...\"`")),
                        );
                    }
                }
            }
        }
    }
}
