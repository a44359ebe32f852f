//! [`Code::RouteConflict`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF010`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use std::collections::BTreeMap;

/// Where a route lives: its host (if any) and its normalized path.
type HostRoute<'a> = (Option<&'a str>, String);

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let routed: Vec<(usize, &str, HostRoute<'_>)> = cx
        .routes_in_order()
        .into_iter()
        .map(|(at, name, host, route)| (at, name, (host, route)))
        .collect();
    // The first one written keeps the route; every later one is reported against it.
    let mut first: BTreeMap<&HostRoute<'_>, &str> = BTreeMap::new();
    for (_, name, key) in &routed {
        let normalized = &key.1;
        let on_host = key.0.map(|h| format!(" on `{h}`")).unwrap_or_default();
        match first.get(key) {
            None => {
                first.insert(key, name);
            }
            Some(owner) => out.push(
                Diagnostic::new(
                    Code::RouteConflict,
                    format!("services `{owner}` and `{name}` both have the route `{normalized}`{on_host}"),
                )
                .at(
                    cx.value(&["services", name, "route"]),
                    format!("normalizes to `{normalized}`"),
                )
                .also(cx.value(&["services", owner, "route"]), "first used here")
                .help("give each routed service its own path prefix, or its own `host`"),
            ),
        }
    }
}
