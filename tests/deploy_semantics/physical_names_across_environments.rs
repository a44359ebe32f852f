//! Rule (across environments): no physical name is written by two environments of one spec
//! that can share an account or a cluster. The second deploy would take over or overwrite the
//! first's object: `kubectl apply` of the same namespace/name replaces it, CloudFormation
//! refuses a second role of one name (`AlreadyExists`), the controller merges one IngressGroup
//! into one ALB. Environments of one spec are taken to share an AWS account (IAM names are
//! account-wide) and, when they name the same `kubernetes.cluster`, a cluster (Kubernetes names,
//! IngressGroups). Listener priorities on a shared listener: `shared_listener_priorities.rs`.
//! Sources: <https://kubernetes.io/docs/concepts/overview/working-with-objects/names/> ("Each
//! object in your cluster has a Name that is unique for that type of resource" within a
//! namespace); <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html>
//! (`RoleName`: "If you specify a name, you cannot perform updates that require replacement",
//! names are unique per account); IngressGroup names: `ingress_groups.rs`.

use super::harness::{Case, View, all, annotation, assert_holds, book, cluster, deployed};
use serde_json::Value;
use std::collections::BTreeMap;

/// Every physical name a case writes, with the scope it must be unique in.
fn names(case: &Case, objects: &[(String, Value)]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (_, _, role) in case.resources_of("AWS::IAM::Role") {
        if let Some(name) = role["Properties"]["RoleName"].as_str() {
            out.push(("account".to_owned(), format!("IAM role {name}")));
        }
    }
    if let Some(cluster) = cluster(case) {
        let scope = format!("cluster {cluster}");
        for (_, o) in objects {
            let kind = o["kind"].as_str().unwrap_or_default();
            let name = o["metadata"]["name"].as_str().unwrap_or_default();
            let at = match o["metadata"]["namespace"].as_str() {
                Some(ns) => format!("{kind} {ns}/{name}"),
                None => format!("{kind} {name}"),
            };
            // kustomization.yaml is a build file, not an object of the cluster.
            if kind != "Kustomization" {
                out.push((scope.clone(), at));
            }
            if let Some(group) = annotation(o, "alb.ingress.kubernetes.io/group.name") {
                out.push((scope.clone(), format!("IngressGroup {group}")));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn violations(cases: &[View<'_>]) -> Vec<String> {
    let mut owner: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut out = Vec::new();
    for (case, objects) in cases {
        for key in names(case, objects) {
            if let Some(other) = owner.insert(key.clone(), case.label()) {
                out.push(format!(
                    "{} and {other} both write {} in {}",
                    case.label(),
                    key.1,
                    key.0
                ));
            }
        }
    }
    out
}

#[test]
fn no_two_environments_of_a_spec_write_one_physical_name() {
    let book = book();
    assert_holds(
        "one writer per physical name across environments",
        book.iter().flat_map(|cases| violations(cases)),
    );
    assert!(
        book.iter()
            .flatten()
            .any(|(c, o)| names(c, o).iter().any(|(s, _)| s == "account"))
            && book
                .iter()
                .any(|cases| cases.iter().filter(|(c, _)| cluster(c).is_some()).count() >= 2),
        "no named IAM role or no two environments in one cluster: the rule checks little"
    );
}

#[test]
fn two_environments_in_one_namespace_are_reported() {
    let spec = all()
        .iter()
        .find(|spec| {
            deployed(spec)
                .iter()
                .filter(|c| cluster(c).is_some())
                .count()
                >= 2
        })
        .expect("a spec with two environments in one cluster");
    let case = deployed(spec)
        .into_iter()
        .find(|c| cluster(c).is_some())
        .expect("a case");
    // The same environment twice: every name is claimed twice.
    let cases = [
        (case, case.objects.as_slice()),
        (case, case.objects.as_slice()),
    ];
    assert_eq!(violations(&cases).len(), names(case, &case.objects).len());
}
