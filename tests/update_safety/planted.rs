//! Planted violations: hand-written before/after templates, each breaking one rule of the update
//! (a unique key claimed while its old holder lives, a race, a dropped removal), and the same
//! templates made safe. The detection must flag the first and stay silent on the second.
//! CloudFormation deletes removed and replaced resources only in the cleanup phase
//! (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html).

use serde_json::{Value, json};
use twinform::FileSet;
use twinform::review::{self, HazardKind};

fn set(resources: Value) -> FileSet {
    let template = json!({ "AWSTemplateFormatVersion": "2010-09-09", "Resources": resources });
    FileSet::from([(
        "cloudformation/template.json".to_owned(),
        serde_json::to_vec(&template).unwrap(),
    )])
}

/// The ids that FAIL when `old` becomes `new`.
fn fails(old: Value, new: Value) -> Vec<String> {
    let diff = review::diff(&set(old), &set(new)).unwrap();
    diff.with_hazard(HazardKind::Fails)
        .map(|c| c.id.clone())
        .collect()
}

fn rule(priority: u32) -> Value {
    json!({
        "Type": "AWS::ElasticLoadBalancingV2::ListenerRule",
        "Properties": { "ListenerArn": { "Ref": "Listener" }, "Priority": priority }
    })
}

fn listener() -> Value {
    json!({
        "Type": "AWS::ElasticLoadBalancingV2::Listener",
        "Properties": { "LoadBalancerArn": { "Ref": "Balancer" }, "Port": 80 }
    })
}

/// `PriorityInUse`: a new rule takes the priority of a rule deleted in the same update.
#[test]
fn a_new_rule_on_a_priority_still_held() {
    assert_eq!(
        fails(
            json!({ "Listener": listener(), "Old": rule(10) }),
            json!({ "Listener": listener(), "New": rule(10) })
        ),
        ["template/New"]
    );
    // Another priority: nothing to wait for.
    assert!(
        fails(
            json!({ "Listener": listener(), "Old": rule(10) }),
            json!({ "Listener": listener(), "New": rule(11) })
        )
        .is_empty()
    );
}

/// Two rules updated in parallel: A takes B's old priority while B moves on. A `DependsOn` from
/// A to B orders them.
#[test]
fn a_priority_race_unless_ordered() {
    let old = json!({ "Listener": listener(), "A": rule(10), "B": rule(20) });
    assert_eq!(
        fails(
            old.clone(),
            json!({ "Listener": listener(), "A": rule(20), "B": rule(30) })
        ),
        ["template/A"]
    );
    let mut ordered = rule(20);
    ordered["DependsOn"] = json!("B");
    assert!(
        fails(
            old,
            json!({ "Listener": listener(), "A": ordered, "B": rule(30) })
        )
        .is_empty()
    );
}

fn ecs_service(discovery: &str, cluster: &str) -> Value {
    json!({
        "Type": "AWS::ECS::Service",
        "Properties": {
            "Cluster": { "Ref": cluster },
            "ServiceConnectConfiguration": {
                "Enabled": true,
                "Namespace": { "Fn::GetAtt": ["Namespace", "Arn"] },
                "Services": [{ "PortName": "http", "DiscoveryName": discovery }]
            }
        }
    })
}

/// "each `ServiceConnectService` must have a name that is unique in the namespace" (AWS::ECS::
/// Service): a replacement, or a new service taking a removed one's name, fails.
#[test]
fn service_connect_discovery_names() {
    let namespace =
        json!({ "Type": "AWS::ServiceDiscovery::HttpNamespace", "Properties": { "Name": "ns" } });
    let cluster = json!({ "Type": "AWS::ECS::Cluster", "Properties": {} });
    let base = |services: Value| {
        let mut r = json!({ "Namespace": namespace, "A": cluster, "B": cluster });
        for (k, v) in services.as_object().unwrap() {
            r[k] = v.clone();
        }
        r
    };
    // Replaced (the cluster is create-only).
    assert_eq!(
        fails(
            base(json!({ "Api": ecs_service("api", "A") })),
            base(json!({ "Api": ecs_service("api", "B") }))
        ),
        ["template/Api"]
    );
    // Renamed logical ID, same discovery name.
    assert_eq!(
        fails(
            base(json!({ "Api": ecs_service("api", "A") })),
            base(json!({ "ApiV2": ecs_service("api", "A") }))
        ),
        ["template/ApiV2"]
    );
    // An in-place update keeps its own name.
    let mut updated = ecs_service("api", "A");
    updated["Properties"]["DesiredCount"] = json!(3);
    assert!(
        fails(
            base(json!({ "Api": ecs_service("api", "A") })),
            base(json!({ "Api": updated }))
        )
        .is_empty()
    );
}

/// A custom physical name cannot survive a replacement.
#[test]
fn custom_names_and_replacement() {
    let role = |path: &str| json!({ "Type": "AWS::IAM::Role", "Properties": { "RoleName": "fixed", "Path": path, "AssumeRolePolicyDocument": {} } });
    assert_eq!(
        fails(
            json!({ "Role": role("/") }),
            json!({ "Role": role("/app/") })
        ),
        ["template/Role"]
    );
    let unnamed = |path: &str| json!({ "Type": "AWS::IAM::Role", "Properties": { "Path": path, "AssumeRolePolicyDocument": {} } });
    assert!(
        fails(
            json!({ "Role": unnamed("/") }),
            json!({ "Role": unnamed("/app/") })
        )
        .is_empty()
    );
}

/// A target group serves one load balancer: a rule on a replacement load balancer cannot
/// forward to a group the old one keeps; a group replaced with it can.
#[test]
fn a_target_group_serves_one_load_balancer() {
    let balancer = |scheme: &str| json!({ "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": { "Scheme": scheme } });
    let group = |port: u32| json!({ "Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": { "Port": port, "Protocol": "HTTP" } });
    let mut forwarding = rule(10);
    forwarding["Properties"]["Actions"] =
        json!([{ "Type": "forward", "TargetGroupArn": { "Ref": "Group" } }]);
    let side = |scheme: &str, port: u32| {
        json!({
            "Balancer": balancer(scheme), "Listener": listener(), "Group": group(port), "Rule": forwarding
        })
    };
    assert_eq!(
        fails(side("internet-facing", 80), side("internal", 80)),
        ["template/Rule"]
    );
    // The group is replaced too (here through its port): the new rule takes the new group.
    assert!(fails(side("internet-facing", 80), side("internal", 81)).is_empty());
}

/// "To remove this property from your service resource, specify an empty `LoadBalancer` array."
#[test]
fn a_dropped_load_balancers_property_is_not_a_removal() {
    let service = |load_balancers: Option<Value>| {
        let mut s = json!({ "Type": "AWS::ECS::Service", "Properties": { "DesiredCount": 2 } });
        if let Some(l) = load_balancers {
            s["Properties"]["LoadBalancers"] = l;
        }
        json!({ "Svc": s })
    };
    let attached = service(Some(
        json!([{ "ContainerName": "app", "ContainerPort": 80, "TargetGroupArn": "arn:tg" }]),
    ));
    assert_eq!(fails(attached.clone(), service(None)), ["template/Svc"]);
    assert!(fails(attached, service(Some(json!([])))).is_empty());
}

/// A target group the load balancer keeps forwarding to must keep a service that registers
/// tasks in it.
#[test]
fn a_forwarded_target_group_keeps_its_targets() {
    let mut forwarding = rule(10);
    forwarding["Properties"]["Actions"] =
        json!([{ "Type": "forward", "TargetGroupArn": { "Ref": "Group" } }]);
    let side = |load_balancers: Value| {
        json!({
            "Listener": listener(),
            "Group": { "Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": { "Port": 80 } },
            "Rule": forwarding,
            "Svc": { "Type": "AWS::ECS::Service", "Properties": { "LoadBalancers": load_balancers } }
        })
    };
    let registered = json!([{ "ContainerName": "app", "ContainerPort": 80, "TargetGroupArn": { "Ref": "Group" } }]);
    let diff = review::diff(&set(side(registered.clone())), &set(side(json!([])))).unwrap();
    assert!(
        diff.change("template/Group")
            .is_some_and(|c| c.has(HazardKind::Downtime)),
        "{}",
        review::render::text(&diff)
    );
    let diff = review::diff(&set(side(registered.clone())), &set(side(registered))).unwrap();
    assert!(diff.is_empty());
}

/// The downtime reasons of `new` over `old`, by id.
fn downtime(old: Value, new: Value) -> Vec<(String, String)> {
    let diff = review::diff(&set(old), &set(new)).unwrap();
    diff.with_hazard(HazardKind::Downtime)
        .flat_map(|c| {
            c.hazards
                .iter()
                .filter(|h| h.kind == HazardKind::Downtime)
                .map(|h| (c.id.clone(), h.reason.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn shifting_rule(priority: u32) -> Value {
    json!({
        "Type": "AWS::ElasticLoadBalancingV2::ListenerRule",
        "Properties": {
            "ListenerArn": { "Ref": "Listener" },
            "Priority": priority,
            "Actions": [{ "Type": "forward", "ForwardConfig": { "TargetGroups": [
                { "TargetGroupArn": { "Ref": "Tg" }, "Weight": 100 },
                { "TargetGroupArn": { "Ref": "AltTg" }, "Weight": 0 },
            ]}}],
        }
    })
}

fn group() -> Value {
    json!({ "Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": { "Port": 8080 } })
}

fn shifting_service() -> Value {
    json!({
        "Type": "AWS::ECS::Service",
        "Properties": { "LoadBalancers": [{
            "TargetGroupArn": { "Ref": "Tg" },
            "AdvancedConfiguration": {
                "AlternateTargetGroupArn": { "Ref": "AltTg" },
                "ProductionListenerRule": { "Ref": "Rule" },
            },
        }]}
    })
}

/// ECS re-weights a blue/green, canary or linear service's production rule on every
/// deployment; a stack update of the rule (here only its priority) writes 100/0 back, which is
/// an outage when the live weight is on the alternate group (aws-cdk#36649,
/// containers-roadmap#2853). Unchanged, nothing is reported.
#[test]
fn a_traffic_shifting_rule_updated_by_the_stack_resets_ecs_weights() {
    let resources = |priority| {
        json!({
            "Listener": listener(), "Tg": group(), "AltTg": group(),
            "Rule": shifting_rule(priority), "Service": shifting_service(),
        })
    };
    let found = downtime(resources(10), resources(11));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "template/Rule");
    assert!(found[0].1.contains("describe-rules"), "{}", found[0].1);
    assert!(downtime(resources(10), resources(10)).is_empty());
    // A one-group rule is not re-weighted by ECS: a priority change is no outage.
    let plain = |priority| {
        let mut r = rule(priority);
        r["Properties"]["Actions"] =
            json!([{ "Type": "forward", "TargetGroupArn": { "Ref": "Tg" } }]);
        json!({ "Listener": listener(), "Tg": group(), "Rule": r,
            "Service": { "Type": "AWS::ECS::Service", "Properties": { "LoadBalancers": [{ "TargetGroupArn": { "Ref": "Tg" } }] } } })
    };
    assert!(downtime(plain(10), plain(11)).is_empty());
}
