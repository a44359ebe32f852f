//! TF031: two different (host, route) pairs on one load balancer whose listener-rule priorities
//! (a pure function of each, placed in `ingress.priority_range` when given) land on the same
//! number. Routes on different ALBs (distinct hosts past 100 routes) have separate listeners.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::routes;
use std::collections::BTreeMap;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let range = cx
        .spec
        .ingress
        .as_ref()
        .and_then(|i| i.priority_range.as_deref());
    // An invalid range is TF069's; without a usable one there is nothing to compare.
    let range = match range {
        None => None,
        Some(&[first, last]) => match (u32::try_from(first), u32::try_from(last)) {
            (Ok(first), Ok(last)) => Some((first, last)),
            _ => return,
        },
        Some(_) => return,
    };
    let routed = cx.routes_in_order();
    let layout = cx.load_balancer_layout();
    let homes = crate::load_balancers::homes(&layout);
    let mut taken: BTreeMap<(usize, u32), (&str, Option<&str>, &str)> = BTreeMap::new();
    for (_, name, host, route) in &routed {
        let priority = match range {
            Some((first, last)) => match routes::priority_in_range(*host, route, first, last) {
                Some(p) => p,
                None => return,
            },
            None => routes::priority(*host, route),
        };
        let slot = (homes.get(host).copied().unwrap_or(0), priority);
        match taken.get(&slot) {
            // Identical routes on one host are TF010's.
            Some((_, other_host, other_route))
                if *other_route == route.as_str() && other_host == host => {}
            Some((owner, _, other_route)) => out.push(
                Diagnostic::new(
                    Code::PriorityCollision,
                    format!("routes `{other_route}` and `{route}` get the same listener-rule priority {priority}"),
                )
                .at(cx.value(&["services", name, "route"]), format!("priority {priority}"))
                .also(cx.value(&["services", owner, "route"]), "the same priority")
                .help("priorities are a pure function of each host and route, so adding a service never renumbers another; change either route, or widen `ingress.priority_range`"),
            ),
            None => {
                taken.insert(slot, (name, *host, route));
            }
        }
    }
}
