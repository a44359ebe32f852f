//! Rule: an ALB is deletion-protected exactly when the spec asks (`ingress.deletion_protection`,
//! default off), and the same on both targets: the ECS load balancer's attribute
//! `deletion_protection.enabled` and the EKS Ingress's `load-balancer-attributes` annotation.
//! A protected ALB cannot be deleted, so a stack whose first create fails cannot roll back and
//! `delete-stack` fails: only environments meant to outlive a mistake (production) opt in.
//! Sources: <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html>
//! ("Deletion protection": "you can't delete the load balancer while deletion protection is
//! enabled"); <https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/>
//! (`load-balancer-attributes`, `deletion_protection.enabled=true`).

use super::harness::{Case, assert_holds, cases};
use serde_json::Value;

const ATTRIBUTE: &str = "deletion_protection.enabled";
const ANNOTATION: &str = "alb.ingress.kubernetes.io/load-balancer-attributes";

/// (where, protected?) of every ALB the ECS templates create.
fn ecs(case: &Case) -> Vec<(String, bool)> {
    case.resources_of("AWS::ElasticLoadBalancingV2::LoadBalancer")
        .map(|(path, id, lb)| {
            let on = lb["Properties"]["LoadBalancerAttributes"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|a| a["Key"] == ATTRIBUTE)
                .any(|a| a["Value"] == "true" || a["Value"] == Value::Bool(true));
            (format!("{path} {id}"), on)
        })
        .collect()
}

/// (where, protected?) of every Ingress (one ALB each).
fn eks(objects: &[(String, Value)]) -> Vec<(String, bool)> {
    objects
        .iter()
        .filter(|(_, o)| o["kind"] == "Ingress")
        .map(|(path, o)| {
            let on = o["metadata"]["annotations"][ANNOTATION]
                .as_str()
                .unwrap_or_default()
                .split(',')
                .any(|kv| kv.trim() == format!("{ATTRIBUTE}=true"));
            (format!("{path} Ingress/{}", o["metadata"]["name"]), on)
        })
        .collect()
}

fn violations(case: &Case, objects: &[(String, Value)]) -> Vec<String> {
    let wanted = case.model.ingress.deletion_protection;
    ecs(case)
        .into_iter()
        .chain(eks(objects))
        .filter(|(_, on)| *on != wanted)
        .map(|(at, on)| {
            format!(
                "{} {at}: deletion protection {on}, the spec asks for {wanted}",
                case.label()
            )
        })
        .collect()
}

#[test]
fn deletion_protection_is_what_the_spec_asks_on_both_targets() {
    assert_holds(
        "ALB deletion protection as asked, on both targets",
        cases().flat_map(|c| violations(c, &c.objects)),
    );
    for wanted in [true, false] {
        assert!(
            cases().any(|c| c.model.ingress.deletion_protection == wanted
                && !ecs(c).is_empty()
                && !eks(&c.objects).is_empty()),
            "no case with deletion protection {wanted} on both targets: the rule checks nothing"
        );
    }
}

#[test]
fn an_ingress_without_the_attribute_is_reported() {
    let case = cases()
        .find(|c| c.model.ingress.deletion_protection && !eks(&c.objects).is_empty())
        .expect("a protected case with an Ingress");
    let mut objects = case.objects.clone();
    for (_, o) in objects.iter_mut().filter(|(_, o)| o["kind"] == "Ingress") {
        o["metadata"]["annotations"][ANNOTATION] =
            Value::from("routing.http.drop_invalid_header_fields.enabled=true");
    }
    let found = violations(case, &objects);
    assert_eq!(found.len(), eks(&objects).len(), "{found:#?}");
}
