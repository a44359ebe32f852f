//! Layout changes of the nested-stack output and priority races, on generated specs
//! (`twinform::synthetic`): crossing the single-template threshold and doubling the number of
//! services stacks move services between stacks, and a moved copy is created before its
//! original is deleted; a domain change renumbers nothing.

use super::harness::synthesize;
use std::collections::{BTreeMap, BTreeSet};
use twinform::review::{self, ChangeKind, HazardKind, Migration};

fn templates(files: &twinform::FileSet) -> usize {
    files
        .keys()
        .filter(|p| p.starts_with("cloudformation/"))
        .count()
}

fn stacks(files: &twinform::FileSet) -> usize {
    files
        .keys()
        .filter(|p| p.starts_with("cloudformation/services-"))
        .count()
}

/// The smallest generated spec whose output satisfies `pred`, from `from` on.
fn first_spec(from: usize, pred: impl Fn(&twinform::FileSet) -> bool) -> usize {
    (from..from + 200)
        .find(|n| {
            pred(&synthesize(
                "generated",
                &twinform::synthetic::spec_text(*n),
            ))
        })
        .expect("a threshold within 200 services")
}

/// One template → a root and children: every moved rule and Service Connect service FAILS, and
/// the diff names the migration. One service more on either side moves nothing.
#[test]
fn crossing_the_single_template_threshold() {
    let n = first_spec(30, |f| templates(f) > 1);
    let before = synthesize("generated", &twinform::synthetic::spec_text(n - 1));
    let after = synthesize("generated", &twinform::synthetic::spec_text(n));
    let diff = review::diff(&before, &after).unwrap();
    let logical = |id: &str| id.rsplit_once('/').map_or(id, |(_, l)| l).to_owned();
    let removed: BTreeSet<String> = diff
        .changes
        .iter()
        .filter(|c| c.change == ChangeKind::Removed)
        .map(|c| logical(&c.id))
        .collect();
    let moved = |kind: &str| -> Vec<&review::Change> {
        diff.changes
            .iter()
            .filter(|c| c.change == ChangeKind::Added && c.kind == kind)
            .filter(|c| removed.contains(&logical(&c.id)))
            .collect()
    };
    let services = moved("AWS::ECS::Service");
    assert_eq!(services.len(), n - 1);
    assert!(services.iter().all(|c| c.has(HazardKind::Fails)));
    let rules = moved("AWS::ElasticLoadBalancingV2::ListenerRule");
    assert!(!rules.is_empty() && rules.iter().all(|c| c.has(HazardKind::Fails)));
    assert_eq!(diff.migrations, [Migration::StackLayout]);

    // Below and above the threshold, one more service is safe.
    for (a, b) in [(n - 2, n - 1), (n, n + 1)] {
        let diff = review::diff(
            &synthesize("generated", &twinform::synthetic::spec_text(a)),
            &synthesize("generated", &twinform::synthetic::spec_text(b)),
        )
        .unwrap();
        let failing: Vec<_> = diff.with_hazard(HazardKind::Fails).map(|c| &c.id).collect();
        assert!(failing.is_empty(), "{a} → {b}: {failing:?}");
    }
}

/// The number of services stacks doubles: services move between children, with the same
/// failures.
#[test]
fn doubling_the_services_stacks() {
    let start = first_spec(30, |f| templates(f) > 1);
    let four = stacks(&synthesize(
        "generated",
        &twinform::synthetic::spec_text(start),
    ));
    let n = first_spec(start, |f| stacks(f) > four);
    let diff = review::diff(
        &synthesize("generated", &twinform::synthetic::spec_text(n - 1)),
        &synthesize("generated", &twinform::synthetic::spec_text(n)),
    )
    .unwrap();
    assert!(diff.with_hazard(HazardKind::Fails).count() > 0);
    assert_eq!(diff.migrations, [Migration::StackLayout]);
}

/// Priorities hash a rule's own host and route, never the app's domain: a domain change
/// renumbers nothing, and the diff flags exactly the rules whose new priority another rule
/// still holds — none (checked against the two templates directly).
#[test]
fn domain_changes_flag_exactly_the_priority_races() {
    let spec = twinform::synthetic::spec_text(300);
    let with_domain = |domain: &str| {
        let mut table: toml::Table = spec.parse().unwrap();
        table
            .entry("ingress")
            .or_insert_with(|| toml::Value::Table(toml::Table::new()))
            .as_table_mut()
            .unwrap()
            .insert("domain".into(), domain.into());
        synthesize("generated", &toml::to_string(&table).unwrap())
    };
    // Every rule of every template (one listener: the generated spec has no certificate).
    let priorities = |files: &twinform::FileSet| -> BTreeMap<String, i64> {
        let mut out = BTreeMap::new();
        for (path, bytes) in files
            .iter()
            .filter(|(p, _)| p.starts_with("cloudformation/"))
        {
            let stem = path
                .trim_start_matches("cloudformation/")
                .trim_end_matches(".json");
            let template: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            for (id, r) in template["Resources"].as_object().unwrap() {
                if let Some(p) = r.pointer("/Properties/Priority").and_then(|p| p.as_i64()) {
                    out.insert(format!("{stem}/{id}"), p);
                }
            }
        }
        out
    };
    let mut races = 0;
    let old = with_domain("a0.example.com");
    for i in 1..=4 {
        let new = with_domain(&format!("a{i}.example.com"));
        let (p0, p1) = (priorities(&old), priorities(&new));
        assert!(!p0.is_empty());
        assert_eq!(p0, p1, "a{i}.example.com renumbers a rule");
        let expected: BTreeSet<String> = p1
            .iter()
            .filter(|(a, p)| {
                p0.iter()
                    .any(|(b, q)| b != *a && q == *p && p1.get(b) != Some(q))
            })
            .map(|(a, _)| a.clone())
            .collect();
        let diff = review::diff(&old, &new).unwrap();
        let flagged: BTreeSet<String> = diff
            .with_hazard(HazardKind::Fails)
            .map(|c| c.id.clone())
            .collect();
        assert_eq!(flagged, expected, "a{i}.example.com");
        races += expected.len();
    }
    assert_eq!(races, 0);
}
