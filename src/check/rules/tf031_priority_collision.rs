//! TF031: two different routes whose listener-rule priorities (a pure function of each route)
//! land on the same number.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::routes;
use std::collections::BTreeMap;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let domain = cx.spec.ingress.as_ref().and_then(|i| i.domain.as_deref());
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
    routed.sort();
    let mut taken: BTreeMap<u32, (&str, &str)> = BTreeMap::new();
    for (_, name, route) in &routed {
        let priority = routes::priority(domain, route);
        match taken.get(&priority) {
            // Identical routes are TF010's.
            Some((_, other_route)) if *other_route == route.as_str() => {}
            Some((owner, other_route)) => out.push(
                Diagnostic::new(
                    Code::PriorityCollision,
                    format!("routes `{other_route}` and `{route}` get the same listener-rule priority {priority}"),
                )
                .at(cx.value(&["services", name, "route"]), format!("priority {priority}"))
                .also(cx.value(&["services", owner, "route"]), "the same priority")
                .help("priorities are a pure function of each route, so adding a service never renumbers another; change either route"),
            ),
            None => {
                taken.insert(priority, (name, route));
            }
        }
    }
}
