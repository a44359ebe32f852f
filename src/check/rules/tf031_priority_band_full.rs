//! [`Code::PriorityBandFull`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF031`; this file is how.
//!
//! Placement is `crate::routes::priority`'s; this rule reports the band it could not fill.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::routes::{self, Bands, MIN_RANGE, RouteKey};
use std::collections::BTreeMap;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let range = cx
        .spec
        .ingress
        .as_ref()
        .and_then(|i| i.priority_range.as_deref());
    // An invalid range is TF069's; without a usable one there is nothing to place.
    let range = match range {
        None => None,
        Some(&[first, last]) => match (u32::try_from(first), u32::try_from(last)) {
            (Ok(first), Ok(last)) => Some((first, last)),
            _ => return,
        },
        Some(_) => return,
    };
    let Some(bands) = Bands::new(range) else {
        return;
    };
    let routed = cx.routes_in_order();
    let layout = cx.load_balancer_layout();
    let homes = crate::load_balancers::homes(&layout);
    // Per listener, in the order the routes are written: the first ones written keep a number.
    let mut by_listener: BTreeMap<usize, Vec<(&str, RouteKey<'_>)>> = BTreeMap::new();
    for (_, name, host, route) in &routed {
        let own_host = cx.spec.services.get(*name).and_then(|s| s.host.as_deref());
        by_listener
            .entry(homes.get(host).copied().unwrap_or(0))
            .or_default()
            .push((
                name,
                RouteKey {
                    host: own_host,
                    path: route,
                },
            ));
    }
    for members in by_listener.values() {
        let keys: Vec<RouteKey<'_>> = members.iter().map(|(_, key)| *key).collect();
        let Err(overflows) = routes::place(bands, &keys) else {
            continue;
        };
        for overflow in overflows {
            let count = overflow.rules.len();
            let Some(&first_over) = overflow.rules.get(overflow.width as usize) else {
                continue;
            };
            let (name, _) = members[first_over];
            out.push(
                Diagnostic::new(
                    Code::PriorityBandFull,
                    format!(
                        "{count} routes of depth {} share one listener, and `ingress.priority_range` leaves {} listener-rule priorities per depth",
                        overflow.depth, overflow.width
                    ),
                )
                .at(
                    cx.value(&["services", name, "route"]),
                    format!("route number {} of depth {}", overflow.width + 1, overflow.depth),
                )
                .also(cx.value(&["ingress", "priority_range"]), "cut into one band per route depth")
                .help(format!(
                    "widen `ingress.priority_range` to at least {} numbers ({MIN_RANGE} bands of {count})",
                    u64::from(MIN_RANGE) * count as u64
                )),
            );
        }
    }
}
