//! [`Code::SpotOnPublicPath`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF156`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use std::collections::{BTreeMap, VecDeque};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let public = cx
        .spec
        .ingress
        .as_ref()
        .and_then(|i| i.public)
        .unwrap_or(crate::spec::defaults::PUBLIC);
    if !public {
        return;
    }
    let services: BTreeMap<&str, &crate::spec::Service> = cx.services().collect();
    // Breadth first from every publicly routed service, in the order the routes are written:
    // each service reached keeps the first (and shortest from that entry) chain that reached it.
    let mut chain_of: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (_, entry, _, _) in cx.routes_in_order() {
        let mut queue = VecDeque::from([vec![entry]]);
        while let Some(chain) = queue.pop_front() {
            let Some(&last) = chain.last() else { continue };
            if chain_of.contains_key(last) {
                continue;
            }
            chain_of.insert(last, chain.clone());
            let callees = services.get(last).and_then(|s| s.calls.as_ref());
            for callee in callees.into_iter().flatten() {
                if let Some((&callee, _)) = services.get_key_value(callee.as_str()) {
                    let mut next = chain.clone();
                    next.push(callee);
                    queue.push_back(next);
                }
            }
        }
    }
    for (name, chain) in &chain_of {
        let Some(service) = services.get(name) else {
            continue;
        };
        if service.spot != Some(true) {
            continue;
        }
        let entry = chain.first().copied().unwrap_or(name);
        let path = if chain.len() > 1 {
            format!(" ({})", chain.join(" → "))
        } else {
            String::new()
        };
        out.push(
            Diagnostic::new(
                Code::SpotOnPublicPath,
                format!(
                    "service `{name}` runs on Fargate Spot only and serves the public route of `{entry}`{path}"
                ),
            )
            .at(
                cx.value(&["services", name, "spot"]),
                "all its ECS tasks can be reclaimed at once",
            )
            .also(
                cx.value(&["services", entry, "route"]),
                "requests from the internet arrive here",
            )
            .help("set `spot = false` for services on a public request path; keep Spot for workers and jobs"),
        );
    }
}
