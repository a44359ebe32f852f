//! TF010: two services with the same route after normalization (`/api` and `/api/`). Nested
//! routes (`/api`, `/api/v2`) are fine: the longer one wins.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::routes;
use std::collections::BTreeMap;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let mut routed: Vec<(usize, &str, String)> = cx
        .services()
        .filter_map(|(name, s)| {
            let normalized = routes::normalize(s.route.as_deref()?).ok()?;
            let at = cx
                .value(&["services", name, "route"])
                .map_or(usize::MAX, |span| span.start);
            Some((at, name, normalized))
        })
        .collect();
    // The first one written keeps the route; every later one is reported against it.
    routed.sort();
    let mut first: BTreeMap<&str, &str> = BTreeMap::new();
    for (_, name, normalized) in &routed {
        match first.get(normalized.as_str()) {
            None => {
                first.insert(normalized, name);
            }
            Some(owner) => out.push(
                Diagnostic::new(
                    Code::RouteConflict,
                    format!("services `{owner}` and `{name}` both have the route `{normalized}`"),
                )
                .at(
                    cx.value(&["services", name, "route"]),
                    format!("normalizes to `{normalized}`"),
                )
                .also(cx.value(&["services", owner, "route"]), "first used here")
                .help("give each routed service its own path prefix"),
            ),
        }
    }
}
