//! Rule: an IngressGroup (`alb.ingress.kubernetes.io/group.name`, one ALB) holds the Ingresses
//! of one namespace only, and every Ingress of a group agrees on every exclusive annotation.
//! Groups are cluster-wide: two environments of one app in one cluster (staging and prod in two
//! namespaces) that used the same group name would share one ALB, and the controller refuses
//! the group when they disagree on an exclusive annotation ("conflicting scheme"); even when
//! they agree, prod's WAF and certificates would front staging.
//! Sources: <https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/>
//! (IngressGroup; MergeBehavior "Exclusive: such annotation should only be specified on a
//! single Ingress within IngressGroup or specified with same value across all Ingresses within
//! IngressGroup"; group name rules); aws-load-balancer-controller#3729, #3262 (conflicting
//! scheme / annotations across one group).

use super::harness::{Case, View, annotation, assert_holds, book, cluster};
use serde_json::Value;
use std::collections::BTreeMap;

const GROUP: &str = "alb.ingress.kubernetes.io/group.name";

/// The annotations the controller documents as Exclusive (MergeBehavior), without the prefix.
const EXCLUSIVE: &[&str] = &[
    "load-balancer-name",
    "ip-address-type",
    "scheme",
    "subnets",
    "security-groups",
    "manage-backend-security-group-rules",
    "customer-owned-ipv4-pool",
    "load-balancer-attributes",
    "ssl-redirect",
    "inbound-cidrs",
    "security-group-prefix-lists",
    "ssl-policy",
    "wafv2-acl-arn",
    "waf-acl-id",
    "shield-advanced-protection",
    "mutual-authentication",
    "ipam-ipv4-pool",
];

/// One Ingress as a group member: (case label, namespace, Ingress name, annotations).
type Member<'a> = (String, &'a str, &'a str, &'a Value);

/// Groups of the Ingresses of the given cases, by (cluster, group name). Cases naming no
/// cluster are each their own cluster.
fn groups<'a>(cases: &[View<'a>]) -> BTreeMap<(String, String), Vec<Member<'a>>> {
    let mut out: BTreeMap<(String, String), Vec<Member<'a>>> = BTreeMap::new();
    for (case, objects) in cases {
        let cluster = cluster(case).map_or_else(
            || format!("(own cluster of {})", case.label()),
            str::to_owned,
        );
        for (_, o) in objects.iter().filter(|(_, o)| o["kind"] == "Ingress") {
            let group = annotation(o, GROUP).unwrap_or("(none)").to_owned();
            out.entry((cluster.clone(), group)).or_default().push((
                case.label(),
                o["metadata"]["namespace"].as_str().unwrap_or_default(),
                o["metadata"]["name"].as_str().unwrap_or_default(),
                &o["metadata"]["annotations"],
            ));
        }
    }
    out
}

fn violations(cases: &[View<'_>]) -> Vec<String> {
    let mut out = Vec::new();
    for ((cluster, group), members) in groups(cases) {
        let (first_label, first_ns, first_name, first) = &members[0];
        for (label, ns, name, annotations) in &members[1..] {
            if ns != first_ns {
                out.push(format!(
                    "{cluster} group `{group}`: {label} {ns}/{name} and {first_label} {first_ns}/{first_name} are in two namespaces"
                ));
            }
            for key in EXCLUSIVE {
                let key = format!("alb.ingress.kubernetes.io/{key}");
                if annotations[&key] != first[&key] {
                    out.push(format!(
                        "{cluster} group `{group}`: `{key}` is {} on {label} {ns}/{name} but {} on {first_label} {first_ns}/{first_name}",
                        annotations[&key], first[&key]
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn each_ingress_group_is_one_namespace_and_agrees_on_exclusive_annotations() {
    assert_holds(
        "IngressGroups per namespace, consistent inside",
        book().iter().flat_map(|cases| violations(cases)),
    );
    // The rule has something to compare: environments of one app in one cluster.
    assert!(
        book()
            .iter()
            .any(|cases| { cases.iter().filter(|(c, _)| cluster(c).is_some()).count() >= 2 }),
        "no spec deploys two environments into one cluster: the rule checks nothing"
    );
}

#[test]
fn two_namespaces_in_one_group_are_reported() {
    let cases = book()
        .into_iter()
        .find(|cases| {
            let clusters: Vec<_> = cases.iter().filter_map(|(c, _)| cluster(c)).collect();
            clusters.len() >= 2 && clusters.iter().all(|c| *c == clusters[0])
        })
        .expect("a spec with two environments in one cluster");
    // The old naming: every environment's Ingress in the group named after the app.
    let planted: Vec<(&Case, Vec<(String, Value)>)> = cases
        .iter()
        .map(|(case, objects)| {
            let mut objects = objects.to_vec();
            for (_, o) in objects.iter_mut().filter(|(_, o)| o["kind"] == "Ingress") {
                o["metadata"]["annotations"][GROUP] = Value::from(case.model.app.name.clone());
            }
            (*case, objects)
        })
        .collect();
    let planted: Vec<View<'_>> = planted.iter().map(|(c, o)| (*c, o.as_slice())).collect();
    let found = violations(&planted);
    assert!(
        found.iter().any(|v| v.contains("two namespaces")),
        "{found:#?}"
    );
}
