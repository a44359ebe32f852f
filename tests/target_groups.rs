//! Target groups and the ECS services attached to them across updates: what a change of the
//! load balancer's scheme, of a service's port or protocol, or the removal of a route does to
//! them, read from the two templates the way `twinform diff` reads them.

use std::collections::BTreeSet;
use twinform::review::{self, ChangeKind, Effect, Target};
use twinform::routes::update::{ResourceRef, RuleState, traffic_gaps};
use twinform::{FileSet, Format, Options};

const SHOP: &str = include_str!("../examples/shop/twinform.toml");

fn files(text: &str) -> FileSet {
    let options = Options {
        format: Format::Json,
        ..Default::default()
    };
    twinform::synthesize("twinform.toml", text, &options)
        .unwrap_or_else(|c| panic!("{:#?}", c.diagnostics))
        .files
}

fn edited(find: &str, replace: &str) -> String {
    assert!(SHOP.contains(find), "the shop no longer contains {find:?}");
    SHOP.replacen(find, replace, 1)
}

fn template(files: &FileSet) -> serde_json::Value {
    serde_json::from_slice(&files["cloudformation/template.json"]).expect("JSON")
}

fn ids_of(t: &serde_json::Value, kind: &str) -> BTreeSet<String> {
    t["Resources"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, r)| r["Type"] == kind)
        .map(|(id, _)| id.clone())
        .collect()
}

/// The listener rules of the one template, as the update analysis reads them.
fn rules(t: &serde_json::Value) -> Vec<RuleState> {
    ids_of(t, "AWS::ElasticLoadBalancingV2::ListenerRule")
        .into_iter()
        .map(|id| {
            let p = &t["Resources"][&id]["Properties"];
            RuleState {
                rule: ResourceRef {
                    template: "template".to_owned(),
                    logical_id: id.clone(),
                },
                listener: p["ListenerArn"].to_string(),
                priority: p["Priority"].as_u64().unwrap_or(0) as u32,
                depends_on: Vec::new(),
                target_group: p["Actions"][0]["TargetGroupArn"]["Ref"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            }
        })
        .collect()
}

/// `Scheme` is create-only: the load balancer is replaced, and with it (through `Ref`) its
/// listeners and rules. A target group can be used by one load balancer only ("you must verify
/// that the target group is not in use by a listener for any other load balancer",
/// <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-target-group.html>;
/// `TargetGroupAssociationLimit`, cloudformation-coverage-roadmap#780), so the groups must be
/// new too; the ECS service then moves to them with a rolling deployment: "For services that use rolling
/// updates, you can add, update, or remove Elastic Load Balancing target groups"
/// (<https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html>).
#[test]
fn a_scheme_change_replaces_the_target_groups_with_the_load_balancer() {
    let public = files(SHOP);
    let internal = files(&edited("public = true", "public = false"));
    let (before, after) = (template(&public), template(&internal));
    assert_eq!(
        before["Resources"]["ShopLoadBalancer"]["Properties"]["Scheme"],
        "internet-facing"
    );
    assert_eq!(
        after["Resources"]["ShopLoadBalancer"]["Properties"]["Scheme"],
        "internal"
    );
    let kind = "AWS::ElasticLoadBalancingV2::TargetGroup";
    let (old_groups, new_groups) = (ids_of(&before, kind), ids_of(&after, kind));
    assert_eq!(old_groups.len(), 3);
    assert!(old_groups.is_disjoint(&new_groups), "{new_groups:?}");
    // The default, public scheme keeps the IDs existing apps were deployed with.
    assert!(old_groups.contains("AuthTargetGroup"));
    assert!(new_groups.contains("AuthInternalTargetGroup"));
    let diff = review::diff(&public, &internal).unwrap();
    let service = diff
        .changes
        .iter()
        .find(|c| c.id == "template/AuthService")
        .expect("the ECS service changes");
    assert_eq!(
        (service.change, service.effect),
        (ChangeKind::Changed, Effect::Rollout)
    );
    assert_eq!(
        after["Resources"]["AuthService"]["Properties"]["LoadBalancers"][0]["TargetGroupArn"],
        serde_json::json!({"Ref": "AuthInternalTargetGroup"})
    );
}

/// ECS registers every task with the container port of `LoadBalancers`, overriding the target
/// group's `Port`, and the health check goes to the traffic port by default
/// (<https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html>):
/// a port change leaves the group as it is (no replacement, no rule pointing at an empty group)
/// and rolls the service out (new tasks, no replacement).
#[test]
fn a_port_change_keeps_the_target_group() {
    let before = files(SHOP);
    let after = files(&edited("port = 9000", "port = 9001"));
    let diff = review::diff(&before, &after).unwrap();
    let cloudformation = |id: &str| {
        diff.changes
            .iter()
            .find(|c| c.target == Target::Cloudformation && c.id == format!("template/{id}"))
    };
    assert!(cloudformation("AuthTargetGroup").is_none(), "{diff:#?}");
    assert!(cloudformation("AuthListenerRule").is_none());
    let service = cloudformation("AuthService").expect("the service changes");
    assert_eq!(service.effect, Effect::Rollout);
    assert!(
        service
            .properties
            .iter()
            .any(|p| p.path.starts_with("Properties.LoadBalancers")
                && p.new.as_deref() == Some("9001")),
        "{service:#?}"
    );
    let gaps = traffic_gaps(
        &rules(&template(&before)),
        &rules(&template(&after)),
        &BTreeSet::new(),
    );
    assert_eq!(gaps, []);
}

/// http → grpc changes the create-only `ProtocolVersion`: the group is replaced, the rule
/// switches to the new, empty group before the service's tasks register in it. No template
/// order avoids that (the service must wait for the rule), so the update analysis flags it.
#[test]
fn a_protocol_change_replaces_the_group_and_is_flagged_as_downtime() {
    let with_certificate = |protocol: &str| {
        edited(
            "[ingress]\npublic = true",
            "[ingress]\npublic = true\ncertificate_arn = \"arn:aws:acm:us-east-1:123456789012:certificate/0f0e0d0c-0b0a-0908-0706-050403020100\"",
        )
        .replacen("route = \"/auth\"", &format!("route = \"/auth\"\nprotocol = \"{protocol}\""), 1)
    };
    let before = files(&with_certificate("http"));
    let after = files(&with_certificate("grpc"));
    let diff = review::diff(&before, &after).unwrap();
    let group = diff
        .changes
        .iter()
        .find(|c| c.id == "template/AuthTargetGroup")
        .expect("the group changes");
    assert_eq!(group.effect, Effect::Replace);
    let replaced = BTreeSet::from([ResourceRef {
        template: "template".to_owned(),
        logical_id: "AuthTargetGroup".to_owned(),
    }]);
    let gaps = traffic_gaps(
        &rules(&template(&before)),
        &rules(&template(&after)),
        &replaced,
    );
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0].rule.logical_id, "AuthListenerRule");
}

/// "To remove this property from your service resource, specify an empty `LoadBalancer`
/// array" (`LoadBalancers`,
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html>):
/// without it, removing a route keeps the service attached to the deleted target group.
#[test]
fn removing_a_route_detaches_the_service() {
    let before = template(&files(SHOP));
    let unrouted = files(&edited("route = \"/auth\"\n", ""));
    let after = template(&unrouted);
    assert!(
        before["Resources"]["AuthService"]["Properties"]["LoadBalancers"]
            .as_array()
            .is_some_and(|l| l.len() == 1)
    );
    assert_eq!(
        after["Resources"]["AuthService"]["Properties"]["LoadBalancers"],
        serde_json::json!([])
    );
    assert!(after["Resources"]["AuthTargetGroup"].is_null());
}
