//! TF031: two routes land on the same listener-rule priority.
//!
//! **What it does.** Computes every distinct valid route's priority with
//! `routes::priority(ingress.domain, route)` and reports a route whose number an earlier route
//! (in document order) already has.
//!
//! **Why.** A priority is a pure function of its own route, so adding a service never renumbers
//! another rule (CloudFormation would fail with `PriorityInUse`). The price is that two routes
//! of the same depth can, rarely, hash to one number; the ALB rejects duplicates, so it is
//! caught here. Renaming either route resolves it.
//!
//! **Example.**
//! ```toml
//! [services.a]
//! route = "/team10"
//! [services.b]
//! route = "/team17"     # error: the same priority as `/team10`
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::routes;
use crate::spec::Span;
use std::collections::BTreeMap;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let domain = cx.spec.ingress.as_ref().and_then(|i| i.domain.as_deref());
    let mut routed: Vec<(Option<usize>, &str, String, Option<Span>)> = cx
        .services()
        .filter_map(|(name, s)| {
            let normalized = routes::normalize(s.route.as_deref()?).ok()?;
            let span = cx.at(&["services", name, "route"]);
            Some((span.as_ref().map(|s| s.start), name, normalized, span))
        })
        .collect();
    routed.sort_by_key(|(start, name, _, _)| (*start, *name));
    // Identical routes are TF010's business; only distinct routes can collide here.
    let mut taken: BTreeMap<u32, (String, Option<Span>)> = BTreeMap::new();
    for (_, name, route, span) in routed {
        let priority = routes::priority(domain, &route);
        match taken.get(&priority) {
            Some((other, _)) if *other == route => {}
            Some((other, other_span)) => out.push(
                Diagnostic::new(
                    Code::PriorityCollision,
                    format!("service `{name}`: route `{route}` gets listener-rule priority {priority}, like `{other}`"),
                )
                .at(span, format!("priority {priority}"))
                .also(other_span.clone(), "this route has it already")
                .help("change either route slightly (for example its last segment); priorities never depend on other routes"),
            ),
            None => {
                taken.insert(priority, (route, span));
            }
        }
    }
}
