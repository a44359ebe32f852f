//! [`Code::LoadBalancerCapacity`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF040`; this file is how.
//!
//! The spreading is `crate::load_balancers`'.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::load_balancers::CAPACITY;
use crate::quotas::{RULES_PER_ALB, TARGET_GROUPS_PER_ALB};
use crate::spec::Deploy;
use std::collections::BTreeMap;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // Every written route counts, valid or not: an invalid one is another rule's error, and
    // fixing it must not reveal this one.
    let mut routed: Vec<(usize, &str, Option<&str>)> = cx
        .services()
        .filter(|(_, s)| s.route.is_some())
        .map(|(name, s)| {
            let at = cx
                .value(&["services", name, "route"])
                .map_or(usize::MAX, |span| span.start);
            (at, name, cx.host_of(s))
        })
        .collect();
    routed.sort();
    if cx.shared_listener() {
        let all: Vec<&str> = routed.iter().map(|(_, name, _)| *name).collect();
        report(cx, out, &all, Crowd::SharedListener);
        return;
    }
    let mut by_host: BTreeMap<Option<&str>, Vec<&str>> = BTreeMap::new();
    for (_, name, host) in &routed {
        by_host.entry(*host).or_default().push(name);
    }
    for (host, names) in &by_host {
        let crowd = match host {
            Some(host) => Crowd::Host(host),
            None => Crowd::NoHost,
        };
        report(cx, out, names, crowd);
    }
}

/// Routes that must share one load balancer.
enum Crowd<'a> {
    /// Every route, on `ingress.listener_arn`.
    SharedListener,
    /// The routes of one host.
    Host(&'a str),
    /// The routes without a host condition.
    NoHost,
}

/// Refuses `names` (routed services in the order written) when they exceed one ALB.
fn report(cx: &Context<'_>, out: &mut Vec<Diagnostic>, names: &[&str], crowd: Crowd<'_>) {
    let count = names.len();
    // A traffic-shifting service has two target groups (its alternate).
    let groups_of = |name: &str| {
        let service = cx.services().find(|(n, _)| *n == name);
        Deploy::target_groups(service.and_then(|(_, s)| s.deploy.as_ref()))
    };
    let groups: usize = names.iter().map(|n| groups_of(n)).sum();
    if groups <= CAPACITY {
        return;
    }
    // The routes written first fit; the first whose groups cross the quota is where it is.
    let mut running = 0;
    let Some((index, first_over)) = names.iter().enumerate().find(|(_, n)| {
        running += groups_of(n);
        running > CAPACITY
    }) else {
        return;
    };
    let (whose, why) = match crowd {
        Crowd::SharedListener => (
            "the shared listener's load balancer".to_owned(),
            "`ingress.listener_arn` puts every rule on one load balancer twinform does not own, \
             so the routes cannot be spread over several",
        ),
        Crowd::Host(host) => (
            format!("one load balancer (host `{host}`)"),
            "path routing under one host cannot span two load balancers; give some of these \
             services another `host` and twinform spreads the hosts over several ALBs",
        ),
        Crowd::NoHost => (
            "one load balancer (routes without a host)".to_owned(),
            "path routing without a host condition cannot span two load balancers; give some \
             services a `host` and twinform spreads the hosts over several ALBs",
        ),
    };
    out.push(
        Diagnostic::new(
            Code::LoadBalancerCapacity,
            format!(
                "{count} routed services need {count} listener rules and {groups} target groups \
                 on {whose}; an Application Load Balancer takes at most {CAPACITY} of each"
            ),
        )
        .at(
            cx.value(&["services", first_over, "route"]),
            format!("routed service number {}", index + 1),
        )
        .help(format!(
            "quotas: {} = {} (adjustable), {} = {} (not adjustable); remove `route` from \
             services reached only by other services (they stay reachable over Service Connect)",
            RULES_PER_ALB.name,
            RULES_PER_ALB.limit,
            TARGET_GROUPS_PER_ALB.name,
            TARGET_GROUPS_PER_ALB.limit
        ))
        .help(why.to_owned()),
    );
}
