//! Rule: `twinform exposure` says what the emitted network objects allow, on both targets, so
//! it cannot drift from the output:
//! - ECS: a task's security group admits exactly the load balancer's group (when the exposure
//!   lists an entry point) and each listed caller's group — every `AWS::EC2::SecurityGroupIngress`
//!   is one of those; the listener rules forward exactly the listed `host/path`s; the load
//!   balancer's group admits `0.0.0.0/0` exactly when the exposure says `internet`.
//! - EKS: the Ingress paths are exactly the listed `host/path`s; each NetworkPolicy admits
//!   exactly the listed callers' pods, plus the VPC CIDR (or any source) exactly when routed;
//!   and since EKS on Fargate does not enforce NetworkPolicies, every server is at least `vpc`.
//!
//! Sources: <https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html>
//! (a security group admits only what a rule allows);
//! <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html>
//! (host-header and path-pattern conditions);
//! <https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html> ("you can only
//! apply the policies to Amazon EC2 Linux nodes. You can't apply the policies to Fargate").

use super::harness::{Case, assert_holds, cases};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use twinform::review::{Level, exposure};

/// `host/path` of a listener rule, or `<alb>/path` without a host condition: the shortest
/// path pattern without its `/*` (`/*` is the route `/`).
fn rule_entry(rule: &Value) -> Option<String> {
    let mut host = "<alb>".to_owned();
    let mut paths: Vec<&str> = Vec::new();
    for condition in rule["Properties"]["Conditions"].as_array()? {
        match condition["Field"].as_str() {
            Some("host-header") => {
                host = condition["HostHeaderConfig"]["Values"][0]
                    .as_str()?
                    .to_owned();
            }
            Some("path-pattern") => paths.extend(
                condition["PathPatternConfig"]["Values"]
                    .as_array()?
                    .iter()
                    .filter_map(Value::as_str),
            ),
            _ => {}
        }
    }
    let shortest = paths.into_iter().min_by_key(|p| p.len())?;
    let path = shortest.trim_end_matches('*');
    let path = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    Some(format!("{host}{path}"))
}

/// Exposure entry points with every `<albN>` written `<alb>` (the rule text does not say which).
fn normalized(via: &[String]) -> BTreeSet<String> {
    via.iter()
        .map(|v| match v.strip_prefix("<alb") {
            Some(rest) => format!("<alb>{}", &rest[rest.find('>').map_or(0, |i| i + 1)..]),
            None => v.clone(),
        })
        .collect()
}

fn ecs_violations(case: &Case, out: &mut Vec<String>) {
    let found = exposure(&case.model);
    let label = case.label();
    let mut expected_ingress: BTreeSet<String> = BTreeSet::new();
    for service in case
        .model
        .services
        .iter()
        .chain(case.model.jobs.iter().map(|j| &j.task))
    {
        let Some(reach) = found.service(&service.name).map(|s| &s.ecs) else {
            out.push(format!("{label}: `{}` has no exposure", service.name));
            continue;
        };
        let logical = &service.logical_id;
        if !reach.via.is_empty() {
            expected_ingress.insert(format!("{logical}LoadBalancerIngress"));
        }
        for caller in &reach.callers {
            let Some(caller) = case.model.services.iter().find(|s| &s.name == caller) else {
                out.push(format!(
                    "{label}: `{}` lists unknown caller `{caller}`",
                    service.name
                ));
                continue;
            };
            expected_ingress.insert(format!("{logical}IngressFrom{}", caller.logical_id));
        }
        // The service's listener rule, forwarding to its target group (named by its scheme):
        // a single `TargetGroupArn`, or — for a traffic-shifting service — a weighted
        // `ForwardConfig` whose first group is the primary.
        let rule_id = format!("{logical}ListenerRule");
        let rules: BTreeSet<String> =
            case.resources_of("AWS::ElasticLoadBalancingV2::ListenerRule")
                .filter(|(_, id, r)| {
                    let action = &r["Properties"]["Actions"][0];
                    let primary = action["TargetGroupArn"]["Ref"].as_str().or(
                        action["ForwardConfig"]["TargetGroups"][0]["TargetGroupArn"]["Ref"]
                            .as_str(),
                    );
                    *id == rule_id
                        && primary.is_some_and(|g| {
                            g.starts_with(logical.as_str()) && g.ends_with("TargetGroup")
                        })
                })
                .filter_map(|(_, _, r)| rule_entry(r))
                .collect();
        if rules != normalized(&reach.via) {
            out.push(format!(
                "{label}: `{}` on ECS: exposure lists {:?}, the listener rules forward {rules:?}",
                service.name, reach.via
            ));
        }
        let wants_internet = reach.level == Level::Internet;
        let public_balancer = case.resources().any(|(_, id, r)| {
            id.ends_with("LoadBalancerSecurityGroup")
                && r["Properties"]["SecurityGroupIngress"]
                    .as_array()
                    .is_some_and(|rules| rules.iter().any(|g| g["CidrIp"] == "0.0.0.0/0"))
        });
        if !reach.via.is_empty()
            && case.model.ingress.shared_listener.is_none()
            && wants_internet != public_balancer
        {
            out.push(format!(
                "{label}: `{}` on ECS is `{}` but the load balancer's group admits 0.0.0.0/0: {public_balancer}",
                service.name,
                reach.level.label()
            ));
        }
    }
    let emitted: BTreeSet<String> = case
        .resources_of("AWS::EC2::SecurityGroupIngress")
        .map(|(_, id, _)| id.to_owned())
        .collect();
    for id in emitted.symmetric_difference(&expected_ingress) {
        let side = if emitted.contains(id) {
            "emitted but not in the exposure"
        } else {
            "in the exposure but not emitted"
        };
        out.push(format!("{label}: security-group ingress `{id}` {side}"));
    }
}

fn eks_violations(case: &Case, out: &mut Vec<String>) {
    let found = exposure(&case.model);
    let label = case.label();
    for service in &found.services {
        let reach = &service.eks;
        let mut paths = BTreeSet::new();
        for ingress in case.objects_of("Ingress") {
            for rule in ingress["spec"]["rules"].as_array().into_iter().flatten() {
                let host = rule["host"].as_str().unwrap_or("<alb>");
                for path in rule["http"]["paths"].as_array().into_iter().flatten() {
                    if path["backend"]["service"]["name"] == service.name.as_str() {
                        paths.insert(format!("{host}{}", path["path"].as_str().unwrap_or("")));
                    }
                }
            }
        }
        if paths != normalized(&reach.via) {
            out.push(format!(
                "{label}: `{}` on EKS: exposure lists {:?}, the Ingress paths are {paths:?}",
                service.name, reach.via
            ));
        }
        let Some(policy) = case
            .objects_of("NetworkPolicy")
            .find(|p| p["metadata"]["name"] == service.name.as_str())
        else {
            // A job has no NetworkPolicy, and no port.
            if service.kind != "job" {
                out.push(format!("{label}: `{}` has no NetworkPolicy", service.name));
            }
            continue;
        };
        let mut peers = BTreeSet::new();
        let mut direct = false;
        for rule in policy["spec"]["ingress"].as_array().into_iter().flatten() {
            match rule["from"].as_array() {
                None => direct = true,
                Some(from) => {
                    for peer in from {
                        match peer["podSelector"]["matchLabels"]["app.kubernetes.io/name"].as_str()
                        {
                            Some(name) => {
                                peers.insert(name.to_owned());
                            }
                            None => direct |= !peer["ipBlock"].is_null(),
                        }
                    }
                }
            }
        }
        let callers: BTreeSet<String> = reach.callers.iter().cloned().collect();
        if peers != callers || direct == reach.via.is_empty() {
            out.push(format!(
                "{label}: `{}` on EKS: exposure lists callers {callers:?} and entry points {:?}; the NetworkPolicy admits pods {peers:?}, addresses: {direct}",
                service.name, reach.via
            ));
        }
        let server = service.kind == "server";
        if server && reach.level < Level::Vpc {
            out.push(format!(
                "{label}: `{}` on EKS is `{}`, narrower than the unenforced NetworkPolicy allows",
                service.name,
                reach.level.label()
            ));
        }
    }
}

fn violations(case: &Case) -> Vec<String> {
    let mut out = Vec::new();
    ecs_violations(case, &mut out);
    eks_violations(case, &mut out);
    out
}

#[test]
fn exposure_says_what_the_output_allows() {
    assert_holds("exposure matches the output", cases().flat_map(violations));
    assert!(
        cases().any(|c| exposure(&c.model)
            .services
            .iter()
            .any(|s| s.ecs.level == Level::Callers)),
        "no case has a callers-only service: the rule checks little"
    );
}

#[test]
fn an_ingress_edge_the_exposure_does_not_know_is_reported() {
    let case = cases()
        .find(|c| c.spec == "shop" && c.env.is_none())
        .expect("the shop");
    let mut planted = Case {
        spec: case.spec.clone(),
        env: None,
        model: case.model.clone(),
        templates: case.templates.clone(),
        objects: case.objects.clone(),
    };
    let resources = planted
        .templates
        .get_mut("cloudformation/template.json")
        .and_then(|t| t["Resources"].as_object_mut())
        .expect("resources");
    // auth admits a group twinform's exposure never listed, and frontend loses its route.
    resources.insert(
        "AuthIngressFromPlanted".to_owned(),
        json!({"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {}}),
    );
    resources.remove("FrontendListenerRule");
    let found = violations(&planted);
    assert_eq!(found.len(), 2, "{found:#?}");
}
