//! The passes over every lowered service at once: which load balancer each route lands on,
//! its listener-rule priority, and the call graph as indices (`calls`, `callers`,
//! `start_after`).

use super::unreadable::Lowering;
use super::*;
use crate::routes;
use crate::spec;
use std::collections::BTreeMap;

/// `calls`, `callers` and `start_after` as indices. `services` is in the order of `specs` (by
/// name), so a service's index is its position there and sorting indices sorts names.
pub(super) fn link_calls(
    lw: &mut Lowering,
    specs: &BTreeMap<String, spec::Service>,
    services: &mut [Service],
) {
    let index: BTreeMap<&str, ServiceIndex> = specs
        .keys()
        .enumerate()
        .map(|(i, name)| (name.as_str(), ServiceIndex(i)))
        .collect();
    // Check has refused an unknown callee (TF013).
    let calls: Vec<Vec<ServiceIndex>> = specs
        .iter()
        .map(|(name, s)| {
            let mut calls: Vec<ServiceIndex> = s
                .calls
                .iter()
                .flatten()
                .filter_map(|callee| {
                    lw.parsed(
                        index.get(callee.as_str()).copied(),
                        &["services", name, "calls"],
                        "names of services of the spec",
                    )
                })
                .collect();
            calls.sort();
            calls.dedup();
            calls
        })
        .collect();
    // Reverse edges of the call graph, built once (a per-service scan would be quadratic); a
    // caller's index grows with the loop, so each list comes out sorted.
    let mut callers: Vec<Vec<ServiceIndex>> = vec![Vec::new(); services.len()];
    for (caller, callees) in calls.iter().enumerate() {
        for callee in callees {
            if let Some(list) = callers.get_mut(callee.0) {
                list.push(ServiceIndex(caller));
            }
        }
    }
    // Callers are created after their callees; a cycle loses the call that closes it (TF120).
    let edges: BTreeMap<ServiceIndex, std::collections::BTreeSet<ServiceIndex>> = calls
        .iter()
        .enumerate()
        .map(|(i, callees)| (ServiceIndex(i), callees.iter().copied().collect()))
        .collect();
    let mut order = crate::calls::order(&edges).after;
    for (i, ((service, calls), callers)) in services.iter_mut().zip(calls).zip(callers).enumerate()
    {
        let mut after = order.remove(&ServiceIndex(i)).unwrap_or_default();
        after.sort();
        service.start_after = after;
        service.calls = calls;
        // Only a server can be called (TF053).
        if let Role::Server(server) = &mut service.role {
            server.callers = callers;
        }
    }
}

/// Lays the routed hosts out over load balancers and points every route at its own.
pub(super) fn place_routes(
    lw: &mut Lowering,
    services: &mut [Service],
    split: bool,
) -> Vec<LoadBalancer> {
    let mut per_host: BTreeMap<Option<&str>, usize> = BTreeMap::new();
    for route in services.iter().filter_map(Service::route) {
        // Weighed in target groups (check's count): a traffic-shifting route has two.
        *per_host.entry(route.host.as_deref()).or_default() += route.deploy.target_groups();
    }
    let layout = crate::load_balancers::layout(&per_host, split);
    let homes = crate::load_balancers::homes(&layout);
    for service in services.iter_mut() {
        let name = service.name.clone();
        if let Some(route) = route_mut(service) {
            let home = homes.get(&route.host.as_deref()).copied();
            let path = ["services", name.as_str(), "route"];
            if let Some(home) = lw.parsed(home, &path, "a route laid out on a load balancer") {
                route.load_balancer = home;
            }
        }
    }
    layout
}

fn route_mut(service: &mut Service) -> Option<&mut Route> {
    match &mut service.role {
        Role::Server(server) => server.route.as_mut(),
        Role::Worker(_) | Role::Job => None,
    }
}

/// Gives every route its listener-rule priority, one listener (load balancer) at a time, from
/// each service's own `host` and route (`ingress.domain` is left out, so changing it renumbers
/// nothing).
pub(super) fn number_rules(
    lw: &mut Lowering,
    specs: &BTreeMap<String, spec::Service>,
    services: &mut [Service],
    range: Option<(u32, u32)>,
) {
    // Check has refused a range without a number per band (TF069) and a band overflow (TF031).
    let Some(bands) = routes::Bands::new(range) else {
        return;
    };
    let mut by_listener: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, service) in services.iter().enumerate() {
        if let Some(route) = service.route() {
            by_listener.entry(route.load_balancer).or_default().push(i);
        }
    }
    for members in by_listener.values() {
        let keys: Vec<routes::RouteKey<'_>> = members
            .iter()
            .map(|&i| routes::RouteKey {
                host: specs.get(&services[i].name).and_then(|s| s.host.as_deref()),
                path: services[i].route().map_or("", |r| r.path.as_str()),
            })
            .collect();
        let Ok(placed) = routes::place(bands, &keys) else {
            for &i in members {
                let path = ["services", services[i].name.as_str(), "route"];
                lw.fail(&path, "a free listener-rule priority (TF031)");
            }
            continue;
        };
        let numbered: Vec<(usize, u32, Option<ServiceIndex>)> = members
            .iter()
            .zip(&placed)
            .map(|(&i, p)| (i, p.priority, p.next.map(|n| ServiceIndex(members[n]))))
            .collect();
        for (i, priority, next) in numbered {
            if let Some(route) = route_mut(&mut services[i]) {
                route.priority = priority;
                route.next = next;
            }
        }
    }
}
