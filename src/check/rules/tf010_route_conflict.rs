//! TF010: two services have the same route after normalization.
//!
//! **What it does.** Normalizes every valid route (`/api/` → `/api`) and reports the second
//! service (in document order) whose route equals an earlier one, with a label on the first.
//!
//! **Why.** The load balancer cannot tell the two apart: one of them would never get traffic.
//! Nested routes (`/api` and `/api/v2`) are fine; the longer one wins.
//!
//! **Example.**
//! ```toml
//! [services.api]
//! route = "/api"
//! [services.web]
//! route = "/api/"       # error: the same route as `api`
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::routes;
use crate::spec::Span;
use std::collections::BTreeMap;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let mut routed: Vec<(Option<Span>, &str, String)> = cx
        .services()
        .filter_map(|(name, s)| {
            let normalized = routes::normalize(s.route.as_deref()?).ok()?;
            Some((cx.at(&["services", name, "route"]), name, normalized))
        })
        .collect();
    routed.sort_by_key(|(span, name, _)| (span.as_ref().map(|s| s.start), *name));
    let mut first: BTreeMap<&str, (&str, Option<Span>)> = BTreeMap::new();
    for (span, name, normalized) in &routed {
        match first.get(normalized.as_str()) {
            Some((other, other_span)) => out.push(
                Diagnostic::new(
                    Code::RouteConflict,
                    format!("services `{other}` and `{name}` have the same route `{normalized}`"),
                )
                .at(span.clone(), format!("normalizes to `{normalized}`"))
                .also(other_span.clone(), "first used here")
                .help("give each service its own path prefix; nested prefixes such as `/api/v2` are fine"),
            ),
            None => {
                first.insert(normalized, (name, span.clone()));
            }
        }
    }
}
