//! [`Code::SidecarName`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF056`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::syntax::{is_dns1123_label, suggest_label};
use std::collections::BTreeSet;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        // One namespace for every container of the task and the pod: sidecars, then inits.
        let mut seen = BTreeSet::new();
        let sidecars = service.sidecars.iter().flatten().map(|c| c.name.as_deref());
        let inits = service.init.iter().flatten().map(|c| c.name.as_deref());
        let containers = sidecars
            .enumerate()
            .map(|(i, n)| ("sidecars", "sidecar", i, n))
            .chain(
                inits
                    .enumerate()
                    .map(|(i, n)| ("init", "init container", i, n)),
            );
        for (list, what, i, container_name) in containers {
            let Some(sidecar_name) = container_name else {
                continue;
            };
            let index = i.to_string();
            let (label, help) = if !is_dns1123_label(sidecar_name, 63) {
                let help = match suggest_label(sidecar_name, 63, false) {
                    Some(s) => format!("e.g. `{s}`"),
                    None => "lowercase letters, digits and `-`".to_owned(),
                };
                ("not a DNS-1123 label of at most 63 characters", help)
            } else if sidecar_name == name {
                (
                    "the app container has this name",
                    format!("name the {what} after what it runs, e.g. `otel` or `migrate`"),
                )
            } else if !seen.insert(sidecar_name) {
                (
                    "another container of this service already has this name",
                    "container names are unique in a task and a pod".to_owned(),
                )
            } else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    Code::SidecarName,
                    format!(
                        "service `{name}`: invalid {what} name `{}`",
                        sidecar_name.escape_debug()
                    ),
                )
                .at(cx.value(&["services", name, list, &index, "name"]), label)
                .help(help),
            );
        }
    }
}
