//! Proofs of the listener-rule priority scheme (`twinform::routes::priority`) and of the update
//! analysis (`twinform::routes::update`):
//! - for any route set up to the quota, nothing is refused, every priority is distinct per
//!   listener and a route that extends another on its host (or a host-less one) wins;
//! - for any sequence of adding and removing one service, every rule that takes a number
//!   another rule holds in the old template is ordered after it by `DependsOn` — except when a
//!   rule is removed from inside a run (or a run is split over two stacks, or a band fills to
//!   its last number), and `priority_races` reports exactly the rules that can then fail, as an
//!   independent simulation of the update (`simulate.rs`) finds them.
//!
//! `templates.rs` proves the same on synthesized templates, single and nested.

mod simulate;
mod templates;

use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use twinform::routes::update::{ResourceRef, RuleState, priority_races};
use twinform::routes::{Bands, RouteKey, place};

const HOSTS: [Option<&str>; 3] = [None, Some("a.example.com"), Some("b.example.com")];
const SEGMENTS: [&str; 4] = ["a", "b", "c", "d"];

/// A route: its host and its segments (`["a", "b"]` is `/a/b`).
type Route = (Option<&'static str>, Vec<&'static str>);

fn path(segments: &[&str]) -> String {
    format!("/{}", segments.join("/"))
}

/// Up to `max` distinct routes over a few hosts and short segments, so that prefixes and equal
/// depths are common.
fn routes(max: usize) -> impl Strategy<Value = Vec<Route>> {
    let route = (
        prop::sample::select(HOSTS.to_vec()),
        prop::collection::vec(prop::sample::select(SEGMENTS.to_vec()), 0..4),
    );
    prop::collection::btree_set(route, 1..=max).prop_map(|set| set.into_iter().collect())
}

/// The rules of one template for `routes` under `names`: logical ID `{name}Rule`, `DependsOn`
/// the next rule of its run when that rule is in the same template (what the emitter does).
fn rules(
    bands: Bands,
    routes: &BTreeMap<String, Route>,
    template_of: &dyn Fn(&str) -> String,
) -> Vec<RuleState> {
    let names: Vec<&String> = routes.keys().collect();
    let paths: Vec<String> = routes.values().map(|(_, s)| path(s)).collect();
    let keys: Vec<RouteKey<'_>> = routes
        .values()
        .zip(&paths)
        .map(|((host, _), path)| RouteKey { host: *host, path })
        .collect();
    let placed = place(bands, &keys).expect("no band overflows");
    names
        .iter()
        .zip(&placed)
        .map(|(name, p)| {
            let template = template_of(name);
            let next = p
                .next
                .map(|n| names[n].as_str())
                .filter(|next| template_of(next) == template);
            RuleState {
                rule: ResourceRef {
                    template,
                    logical_id: format!("{name}Rule"),
                },
                listener: "listener".to_owned(),
                priority: p.priority,
                depends_on: next.map(|n| format!("{n}Rule")).into_iter().collect(),
                target_group: format!("{name}TargetGroup"),
            }
        })
        .collect()
}

fn one_template(_: &str) -> String {
    "template".to_owned()
}

/// Four stacks by a hash of the name, as the nested layout places services.
fn four_stacks(name: &str) -> String {
    let hash = name
        .bytes()
        .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    format!("services-{:02}", hash % 4)
}

/// Whether `longer` extends `shorter` segment by segment (`/a/b` extends `/a` and `/`).
fn extends(longer: &[&str], shorter: &[&str]) -> bool {
    longer.len() > shorter.len() && longer[..shorter.len()] == *shorter
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Up to the 100-rule quota on one listener, over the whole priority space: no refusal,
    /// distinct numbers in 1..=50000, and the longer of two overlapping routes wins.
    #[test]
    fn any_route_set_up_to_the_quota_is_placed_in_order(routes in routes(100)) {
        let paths: Vec<String> = routes.iter().map(|(_, s)| path(s)).collect();
        let keys: Vec<RouteKey<'_>> = routes
            .iter()
            .zip(&paths)
            .map(|((host, _), path)| RouteKey { host: *host, path })
            .collect();
        let placed = place(Bands::ALL, &keys).expect("never refused below the quota");
        let distinct: BTreeSet<u32> = placed.iter().map(|p| p.priority).collect();
        prop_assert_eq!(distinct.len(), placed.len());
        prop_assert!(placed.iter().all(|p| (1..=50_000).contains(&p.priority)));
        for (a, (host_a, long)) in routes.iter().enumerate() {
            for (b, (host_b, short)) in routes.iter().enumerate() {
                if extends(long, short) && (host_a == host_b || host_b.is_none()) {
                    prop_assert!(
                        placed[a].priority < placed[b].priority,
                        "{:?}{} must win over {:?}{}", host_a, paths[a], host_b, paths[b]
                    );
                }
            }
        }
    }

    /// Adding then removing services one at a time, in one template, in a narrow range where
    /// runs are common: an addition is always ordered (nothing can fail); a removal can fail
    /// only inside a run, and the report is exactly what the simulation finds.
    #[test]
    fn adding_is_ordered_and_removing_is_reported(
        routes in routes(40),
        width in 8u32..60,
        steps in prop::collection::vec((any::<bool>(), any::<prop::sample::Index>()), 1..24),
    ) {
        check_steps(&routes, width, &steps, &one_template)?;
    }

    /// The same over four stacks, whose rules `DependsOn` cannot order across: whatever can
    /// fail is reported, nothing else is, and an addition fails only where its run crosses a
    /// stack.
    #[test]
    fn a_run_split_over_stacks_is_reported(
        routes in routes(40),
        width in 8u32..60,
        steps in prop::collection::vec((any::<bool>(), any::<prop::sample::Index>()), 1..24),
    ) {
        check_steps(&routes, width, &steps, &four_stacks)?;
    }
}

/// Plays `steps` (add the next unused route, or remove an existing service) from an empty
/// listener, checking every update against the simulation.
fn check_steps(
    pool: &[Route],
    width: u32,
    steps: &[(bool, prop::sample::Index)],
    template_of: &dyn Fn(&str) -> String,
) -> Result<(), TestCaseError> {
    let bands = Bands::in_range(1, width * 10).expect("ten bands");
    let mut live: BTreeMap<String, Route> = BTreeMap::new();
    let mut unused = pool.iter().cloned().enumerate();
    for (add, which) in steps {
        let mut next = live.clone();
        if *add || live.is_empty() {
            let Some((i, route)) = unused.next() else {
                break;
            };
            next.insert(format!("s{i:03}"), route);
        } else {
            let name = live.keys().nth(which.index(live.len())).cloned();
            next.remove(&name.unwrap_or_default());
        }
        let depth_count = |routes: &BTreeMap<String, Route>, depth: usize| {
            routes.values().filter(|(_, s)| s.len() == depth).count()
        };
        if (0..4).any(|d| depth_count(&next, d) > width as usize) {
            break;
        }
        let old = rules(bands, &live, template_of);
        let new = rules(bands, &next, template_of);
        let reported: BTreeSet<ResourceRef> = priority_races(&old, &new)
            .into_iter()
            .map(|race| race.taker)
            .collect();
        let failing = simulate::failing_takers(&old, &new);
        prop_assert_eq!(&reported, &failing, "report and simulation differ");
        let grows = next.len() > live.len();
        // A band filled to its last number has no free number to lay its run out from.
        let fills = (0..4).any(|d| depth_count(&next, d) == width as usize);
        if grows && !fills {
            let single = rules(bands, &next, &one_template);
            let split_runs = single.iter().any(|r| {
                r.depends_on.first().is_some_and(|n| {
                    let name = |id: &str| id.trim_end_matches("Rule").to_owned();
                    template_of(&name(&r.rule.logical_id)) != template_of(&name(n))
                })
            });
            prop_assert!(
                failing.is_empty() || split_runs,
                "an addition can fail without a split run: {:?}",
                failing
            );
        }
        live = next;
    }
    Ok(())
}
