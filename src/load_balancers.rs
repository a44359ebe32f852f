//! Which Application Load Balancer each routed host lands on, shared by `check` (TF040, TF106)
//! and `model` so both count the same layout.
//!
//! One ALB takes at most 100 listener rules and 100 target groups, one of each per routed
//! service. Path routing under one host cannot span two ALBs (a client resolves the host to one
//! load balancer), so a host's routes stay together and only distinct hosts are spread out.
//!
//! Up to 100 routed services everything stays on one ALB. Past that, host `h` goes to bucket
//! `hash(h) mod K`, with `K` the routed count / 80 rounded up to a power of two (at least 2) and
//! doubled until every bucket holds at most 100 routes. The bucket depends only on the host and
//! `K`, so adding a service or a host moves no other host unless `K` changes (the routed count
//! crossing a power-of-two multiple of 80, or a bucket overflowing); first-fit packing in host
//! order would move every host after an inserted one to another ALB, that is another DNS name.
//! Bucket 0 keeps the single ALB's names, so growing past 100 routes leaves its hosts where they
//! were. A host with more than 100 routes is TF040's, and never reaches this module's callers.

use crate::names::stable_u64;
use crate::quotas::{RULES_PER_ALB, TARGET_GROUPS_PER_ALB, budget};
use std::collections::BTreeMap;

/// Routes (rules and target groups) one ALB takes.
pub const CAPACITY: usize = min_limit(RULES_PER_ALB.limit, TARGET_GROUPS_PER_ALB.limit);
/// Routes per ALB aimed at when choosing `K`, leaving headroom for growth.
const TARGET: usize = min_limit(budget(RULES_PER_ALB), budget(TARGET_GROUPS_PER_ALB));
/// Past this many buckets, hosts get one ALB each in name order (hash buckets that still
/// overflow at this `K` mean a pathological hash; the fallback always fits).
const MAX_BUCKETS: u64 = 1 << 12;

const fn min_limit(a: u64, b: u64) -> usize {
    let min = if a < b { a } else { b };
    min as usize
}

/// One load balancer of the layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    /// Suffix of its names: `""` for the first (the single ALB's names), else its number
    /// (`2`, `7`): `{App}LoadBalancer7`, Ingress group `{app}-7`.
    pub label: String,
    /// Its hosts, sorted (`None`: routes without a host condition).
    pub hosts: Vec<Option<String>>,
    /// Routed services on it.
    pub routes: usize,
}

/// The layout for `routes_per_host` (routed-service count per host). `split` is false when the
/// rules go to one listener that twinform does not own (`ingress.listener_arn`).
pub fn layout(routes_per_host: &BTreeMap<Option<&str>, usize>, split: bool) -> Vec<Bucket> {
    let total: usize = routes_per_host.values().sum();
    if total == 0 {
        return Vec::new();
    }
    let one = |_: Option<&str>| 0u64;
    if !split || total <= CAPACITY {
        return buckets(routes_per_host, one);
    }
    let start = (total.div_ceil(TARGET) as u64).next_power_of_two().max(2);
    let mut k = start;
    while k <= MAX_BUCKETS {
        let place = |host: Option<&str>| host_hash(host) % k;
        let layout = buckets(routes_per_host, place);
        if layout.iter().all(|b| b.routes <= CAPACITY) {
            return layout;
        }
        k *= 2;
    }
    let order: BTreeMap<Option<&str>, u64> = routes_per_host.keys().copied().zip(0..).collect();
    buckets(routes_per_host, |host| {
        order.get(&host).copied().unwrap_or(0)
    })
}

/// Host → index of its load balancer in `layout`.
pub fn homes(layout: &[Bucket]) -> BTreeMap<Option<&str>, usize> {
    layout
        .iter()
        .enumerate()
        .flat_map(|(i, b)| b.hosts.iter().map(move |h| (h.as_deref(), i)))
        .collect()
}

fn host_hash(host: Option<&str>) -> u64 {
    stable_u64(&["twinform-load-balancer", host.unwrap_or("")])
}

/// Groups hosts by `place(host)`; bucket numbers are kept (gaps included) as labels.
fn buckets(
    routes_per_host: &BTreeMap<Option<&str>, usize>,
    place: impl Fn(Option<&str>) -> u64,
) -> Vec<Bucket> {
    let mut by_number: BTreeMap<u64, Bucket> = BTreeMap::new();
    for (&host, &routes) in routes_per_host {
        let number = place(host);
        let bucket = by_number.entry(number).or_insert_with(|| Bucket {
            label: label(number),
            hosts: Vec::new(),
            routes: 0,
        });
        bucket.hosts.push(host.map(str::to_owned));
        bucket.routes += routes;
    }
    by_number.into_values().collect()
}

fn label(number: u64) -> String {
    match number {
        0 => String::new(),
        n => (n + 1).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("h{i}.example.com")).collect()
    }

    fn counts(names: &[String], each: usize) -> BTreeMap<Option<&str>, usize> {
        names.iter().map(|h| (Some(h.as_str()), each)).collect()
    }

    fn home<'a>(layout: &'a [Bucket], host: &str) -> Option<&'a str> {
        layout
            .iter()
            .find(|b| b.hosts.iter().flatten().any(|h| h == host))
            .map(|b| b.label.as_str())
    }

    #[test]
    fn up_to_the_quota_one_load_balancer_keeps_the_plain_names() {
        let names = names(4);
        let counts = counts(&names, 25);
        let layout = layout(&counts, true);
        assert_eq!(layout.len(), 1);
        assert_eq!(layout[0].label, "");
        assert_eq!(layout[0].routes, 100);
        assert!(super::layout(&BTreeMap::new(), true).is_empty());
    }

    #[test]
    fn past_the_quota_hosts_spread_and_every_balancer_fits() {
        for (n, each) in [(2, 60), (10, 30), (40, 25), (300, 3), (7, 100)] {
            let names = names(n);
            let counts = counts(&names, each);
            let layout = layout(&counts, true);
            assert!(layout.len() >= (n * each).div_ceil(CAPACITY), "{n}×{each}");
            assert!(layout.iter().all(|b| b.routes <= CAPACITY), "{n}×{each}");
            let placed: usize = layout.iter().map(|b| b.hosts.len()).sum();
            assert_eq!(placed, names.len());
            let labels: std::collections::BTreeSet<&str> =
                layout.iter().map(|b| b.label.as_str()).collect();
            assert_eq!(labels.len(), layout.len(), "labels are distinct");
        }
    }

    #[test]
    fn a_shared_listener_is_never_split() {
        let names = names(10);
        let counts = counts(&names, 30);
        let layout = layout(&counts, false);
        assert_eq!(layout.len(), 1);
        assert_eq!(layout[0].routes, 300);
    }

    #[test]
    fn adding_a_host_moves_no_other_while_k_holds() {
        let names = names(20);
        let before = counts(&names, 10);
        let mut after = before.clone();
        after.insert(Some("new.example.com"), 10);
        let (a, b) = (layout(&before, true), layout(&after, true));
        for host in &names {
            assert_eq!(home(&a, host), home(&b, host), "{host}");
        }
    }
}
