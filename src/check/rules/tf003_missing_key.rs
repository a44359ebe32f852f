//! TF003: required keys — `app.name`, and `image` and `port` of every service. A missing key
//! points at the table that should hold it.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    match cx.spec.app.as_ref() {
        None => out.push(
            Diagnostic::new(Code::MissingKey, "missing the `[app]` table").help(
                "add `[app]` with `name = \"...\"` (a DNS-1123 label of at most 20 characters)",
            ),
        ),
        Some(app) if app.name.is_none() => out.push(
            Diagnostic::new(Code::MissingKey, "missing `app.name`")
                .at(cx.located.raw_key(&["app"]), "this table needs `name`")
                .help("add `name = \"...\"`: it prefixes AWS names and is the default namespace"),
        ),
        Some(_) => {}
    }
    for (name, service) in cx.services() {
        let missing: Vec<&str> = [
            ("image", service.image.is_none()),
            ("port", service.port.is_none()),
        ]
        .into_iter()
        .filter_map(|(key, missing)| missing.then_some(key))
        .collect();
        for key in missing {
            let example = if key == "image" {
                "image = \"registry/name:tag\""
            } else {
                "port = 8080"
            };
            out.push(
                Diagnostic::new(
                    Code::MissingKey,
                    format!("service `{name}`: missing `{key}`"),
                )
                .at(cx.service_key(name), format!("this service needs `{key}`"))
                .help(format!("add `{example}`")),
            );
        }
    }
}
