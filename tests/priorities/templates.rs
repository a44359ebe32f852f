//! The proofs on synthesized templates: what the emitter writes (`Priority`, `DependsOn`, in
//! one template or over child stacks) is what the update analysis needs.

use super::simulate::failing_takers;
use std::collections::{BTreeMap, BTreeSet};
use twinform::routes::update::{Holder, ResourceRef, RuleState, priority_races};
use twinform::routes::{Bands, RouteKey, place};
use twinform::{FileSet, Format, Options};

/// Synthesizes a spec text to JSON templates (panics with the diagnostics on errors).
pub fn synthesize(text: &str) -> FileSet {
    let options = Options {
        format: Format::Json,
        ..Default::default()
    };
    match twinform::synthesize("t.toml", text, &options) {
        Ok(synthesis) => synthesis.files,
        Err(checked) => panic!("{:#?}", checked.diagnostics),
    }
}

/// Every listener rule of every CloudFormation template of `files`, as the update analysis
/// reads them.
pub fn rule_states(files: &FileSet) -> Vec<RuleState> {
    let mut out = Vec::new();
    for (path, bytes) in files {
        if !path.starts_with("cloudformation/") || !path.ends_with(".json") {
            continue;
        }
        let template: serde_json::Value = serde_json::from_slice(bytes).expect("JSON");
        for (id, resource) in template["Resources"].as_object().into_iter().flatten() {
            if resource["Type"] != "AWS::ElasticLoadBalancingV2::ListenerRule" {
                continue;
            }
            let properties = &resource["Properties"];
            out.push(RuleState {
                rule: ResourceRef {
                    template: path.clone(),
                    logical_id: id.clone(),
                },
                listener: properties["ListenerArn"].to_string(),
                priority: properties["Priority"].as_u64().expect("priority") as u32,
                depends_on: resource["DependsOn"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|d| d.as_str().map(str::to_owned))
                    .collect(),
                target_group: properties["Actions"][0]["TargetGroupArn"]["Ref"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            });
        }
    }
    out
}

fn priorities(files: &FileSet) -> BTreeMap<String, u32> {
    rule_states(files)
        .into_iter()
        .map(|r| (r.rule.logical_id, r.priority))
        .collect()
}

/// A spec of routed services `(name, host, route)` under an optional `ingress.domain`.
fn spec(domain: Option<&str>, services: &[(&str, Option<&str>, &str)]) -> String {
    let mut text = String::from("[app]\nname = \"shop\"\n\n");
    if let Some(domain) = domain {
        text.push_str(&format!("[ingress]\ndomain = \"{domain}\"\n\n"));
    }
    text.push_str("[services]\n");
    for (name, host, route) in services {
        let host = host.map_or(String::new(), |h| format!(", host = \"{h}\""));
        text.push_str(&format!(
            "{name} = {{ image = \"r/{name}:1\", port = 8080, route = \"{route}\"{host} }}\n"
        ));
    }
    text
}

/// Three host-less routes of depth 1 whose homes collide, in the order they take the numbers
/// (the first holds the home when all three are present).
fn colliding_triple() -> [String; 3] {
    let mut by_home: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for i in 0.. {
        let path = format!("/c{i}");
        let home = Bands::ALL.home_priority(RouteKey {
            host: None,
            path: &path,
        });
        let group = by_home.entry(home).or_default();
        group.push(path);
        if group.len() == 3 {
            let keys: Vec<RouteKey<'_>> = group
                .iter()
                .map(|path| RouteKey { host: None, path })
                .collect();
            let placed = place(Bands::ALL, &keys).expect("placed");
            let mut order: Vec<(u32, String)> = placed
                .iter()
                .zip(group.iter())
                .map(|(p, path)| (p.priority, path.clone()))
                .collect();
            order.sort();
            return [order[0].1.clone(), order[1].1.clone(), order[2].1.clone()];
        }
    }
    unreachable!()
}

#[test]
fn adding_into_a_run_moves_it_in_order_and_removing_is_reported() {
    let [first, second, third] = colliding_triple();
    let two = synthesize(&spec(None, &[("b", None, &second), ("c", None, &third)]));
    let three = synthesize(&spec(
        None,
        &[
            ("a", None, &first),
            ("b", None, &second),
            ("c", None, &third),
        ],
    ));
    let (before, after) = (priorities(&two), priorities(&three));
    let home = before["BListenerRule"];
    assert_eq!(before["CListenerRule"], home + 1);
    // `a` takes the home: both others move up, the highest first.
    assert_eq!(after["AListenerRule"], home);
    assert_eq!(after["BListenerRule"], home + 1);
    assert_eq!(after["CListenerRule"], home + 2);
    let (old, new) = (rule_states(&two), rule_states(&three));
    let waits = |id: &str| {
        new.iter()
            .find(|r| r.rule.logical_id == id)
            .map(|r| r.depends_on.clone())
    };
    assert_eq!(
        waits("AListenerRule"),
        Some(vec!["BListenerRule".to_owned()])
    );
    assert_eq!(
        waits("BListenerRule"),
        Some(vec!["CListenerRule".to_owned()])
    );
    assert_eq!(priority_races(&old, &new), []);
    assert!(failing_takers(&old, &new).is_empty());

    // Removing `a` again moves `b` into the number `a` keeps until cleanup.
    let races = priority_races(&new, &old);
    let takers: BTreeSet<ResourceRef> = races.iter().map(|r| r.taker.clone()).collect();
    assert_eq!(takers, failing_takers(&new, &old));
    assert_eq!(races.len(), 2, "{races:#?}");
    assert_eq!(races[0].holder.logical_id, "AListenerRule");
    assert_eq!(races[0].holder_fate, Holder::Deleted);
    assert_eq!(races[1].holder_fate, Holder::NotYetMoved);
}

/// A run split over two child stacks cannot be ordered by `DependsOn`: an addition that moves
/// a rule of another stack is reported, and nothing else is.
#[test]
fn a_run_over_two_child_stacks_is_reported() {
    let base = twinform::synthetic::spec(300);
    let existing: Vec<(String, String)> = base
        .services
        .iter()
        .filter_map(|(name, s)| Some((name.clone(), s.route.clone()?)))
        .filter(|(_, route)| route.matches('/').count() == 1)
        .collect();
    // A new depth-1 route whose home is an existing one's and that sorts before it.
    let (route, displaced) = (0..)
        .find_map(|i| {
            let path = format!("/x{i}");
            let key = RouteKey {
                host: None,
                path: &path,
            };
            let home = Bands::ALL.home_priority(key);
            let (name, other) = existing.iter().find(|(_, r)| {
                Bands::ALL.home_priority(RouteKey {
                    host: None,
                    path: r,
                }) == home
            })?;
            let placed = place(
                Bands::ALL,
                &[
                    key,
                    RouteKey {
                        host: None,
                        path: other,
                    },
                ],
            )
            .ok()?;
            (placed[0].priority == home).then(|| (path.clone(), name.clone()))
        })
        .expect("a colliding route");
    let text = twinform::builder::to_toml(&base);
    let before = synthesize(&text);
    let added = format!(
        "{text}\n[services.zz-new]\nimage = \"r/new:1\"\nport = 8080\nroute = \"{route}\"\n"
    );
    let after = synthesize(&added);
    assert!(before.len() > 3 && after.len() > 3, "a nested layout");
    let (old, new) = (rule_states(&before), rule_states(&after));
    let moved = |r: &RuleState| {
        old.iter()
            .any(|o| o.rule == r.rule && o.priority != r.priority)
    };
    assert!(new.iter().any(moved), "`{displaced}` moved");
    let races = priority_races(&old, &new);
    let takers: BTreeSet<ResourceRef> = races.iter().map(|r| r.taker.clone()).collect();
    assert_eq!(takers, failing_takers(&old, &new));
    for race in &races {
        assert_ne!(race.taker.template, race.holder.template, "{race:#?}");
    }
}

/// `ingress.domain` is left out of the hash: changing it renumbers no rule. A service's own
/// `host` renumbers that service's rule only.
#[test]
fn a_domain_change_renumbers_nothing_and_a_host_change_one_rule() {
    let services = [
        ("web", None, "/"),
        ("api", None, "/api"),
        ("admin", Some("admin.example.com"), "/"),
    ];
    let a = priorities(&synthesize(&spec(Some("a.example.com"), &services)));
    let b = priorities(&synthesize(&spec(Some("b.example.com"), &services)));
    assert_eq!(a, b);
    let mut moved = services;
    moved[2].1 = Some("ops.example.com");
    let c = priorities(&synthesize(&spec(Some("a.example.com"), &moved)));
    let changed: Vec<&String> = a.keys().filter(|id| a[*id] != c[*id]).collect();
    assert_eq!(changed, ["AdminListenerRule"]);
}

/// The one-time renumbering of specs with `ingress.domain` on upgrade (their numbers hashed
/// the domain before): the update analysis, fed the old numbers, reports exactly the rules
/// that can then fail.
#[test]
fn the_upgrade_renumbering_of_domain_specs_is_reported() {
    let names: Vec<String> = (0..40).map(|i| format!("s{i:02}")).collect();
    let routes: Vec<String> = names.iter().map(|n| format!("/{n}")).collect();
    let services: Vec<(&str, Option<&str>, &str)> = names
        .iter()
        .zip(&routes)
        .map(|(n, r)| (n.as_str(), None, r.as_str()))
        .collect();
    let mut raced = 0;
    for k in 0..40 {
        let domain = format!("d{k}.example.com");
        let new = rule_states(&synthesize(&spec(Some(&domain), &services)));
        // Before: each rule at the hash of the domain and its route, and no order.
        let old: Vec<RuleState> = new
            .iter()
            .zip(&routes)
            .map(|(rule, route)| RuleState {
                priority: Bands::ALL.home_priority(RouteKey {
                    host: Some(&domain),
                    path: route,
                }),
                depends_on: Vec::new(),
                ..rule.clone()
            })
            .collect();
        let races = priority_races(&old, &new);
        let takers: BTreeSet<ResourceRef> = races.iter().map(|r| r.taker.clone()).collect();
        assert_eq!(takers, failing_takers(&old, &new), "{domain}");
        raced += usize::from(!races.is_empty());
    }
    assert!(raced > 0, "no domain raced: the test proves nothing");
}

/// `tests/specs/listener-runs.toml` keeps a run of three chained rules in front of the
/// validators and moto (CI synthesizes every test spec).
#[test]
fn the_listener_runs_spec_holds_a_chained_run() {
    let text = std::fs::read_to_string("tests/specs/listener-runs.toml").expect("the spec");
    let rules = rule_states(&synthesize(&text));
    let mut by_priority: Vec<(u32, String, Vec<String>)> = rules
        .into_iter()
        .map(|r| (r.priority, r.rule.logical_id, r.depends_on))
        .collect();
    by_priority.sort();
    let [
        (low, first, first_waits),
        (mid, second, second_waits),
        (high, third, third_waits),
    ] = &by_priority[..]
    else {
        panic!("three rules: {by_priority:?}");
    };
    assert_eq!((*mid, *high), (low + 1, low + 2));
    assert_eq!(first_waits, std::slice::from_ref(second));
    assert_eq!(second_waits, std::slice::from_ref(third));
    assert!(third_waits.is_empty(), "{first}");
}
