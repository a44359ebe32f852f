//! Rule: with a shared listener (`ingress.listener_arn`) every target group is in the
//! listener's VPC, i.e. the template creates no VPC and each group's `VpcId` is the existing
//! VPC it is given (a parameter defaulting to `network.vpc_id`). A load balancer cannot use a
//! target group of another VPC.
//! Sources: <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html>;
//! aws-load-balancer-controller#2188 ("As both are different VPCs they can't get associated to
//! each other").

use super::harness::{Case, assert_holds, cases};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Violations of one case's templates (`cloudformation/…` path → template).
fn violations(case: &Case, templates: &BTreeMap<String, Value>) -> Vec<String> {
    let Some(shared) = &case.model.ingress.shared_listener else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let root = &templates["cloudformation/template.json"];
    let vpc_parameter = &root["Parameters"]["VpcId"];
    let existing = match &case.model.network {
        twinform::model::Network::Existing { vpc_id, .. } => Some(vpc_id.as_str()),
        twinform::model::Network::Managed { .. } => None,
    };
    if existing.is_none() || vpc_parameter["Default"].as_str() != existing {
        out.push(format!(
            "{}: rules on `{}` but the VPC is not the existing one given (`VpcId` parameter {vpc_parameter})",
            case.label(),
            shared.listener_arn
        ));
    }
    for (path, template) in templates {
        let resources = template["Resources"].as_object().into_iter().flatten();
        for (id, resource) in resources {
            match resource["Type"].as_str() {
                Some("AWS::EC2::VPC") => {
                    out.push(format!("{} {path}: creates the VPC `{id}`", case.label()));
                }
                Some("AWS::ElasticLoadBalancingV2::TargetGroup") => {
                    let vpc = &resource["Properties"]["VpcId"];
                    // In every template the existing VPC arrives as the parameter `VpcId`
                    // (the root's defaults to the spec; a child's is passed by the root).
                    if vpc != &json!({"Ref": "VpcId"}) || template["Parameters"]["VpcId"].is_null()
                    {
                        out.push(format!(
                            "{} {path}: target group `{id}` is in {vpc}, not the listener's VPC",
                            case.label()
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[test]
fn target_groups_are_in_the_shared_listeners_vpc() {
    assert_holds(
        "target groups in the listener's VPC",
        cases().flat_map(|c| violations(c, &c.templates)),
    );
    assert!(
        cases().any(|c| c.model.ingress.shared_listener.is_some()),
        "no case uses a shared listener: the rule checks nothing"
    );
}

#[test]
fn a_target_group_in_a_new_vpc_is_reported() {
    let case = cases()
        .find(|c| c.model.ingress.shared_listener.is_some())
        .expect("a case with a shared listener");
    let mut templates = case.templates.clone();
    let root = templates
        .get_mut("cloudformation/template.json")
        .and_then(|t| t["Resources"].as_object_mut())
        .expect("resources");
    root.insert(
        "PlantedVpc".to_owned(),
        json!({"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}),
    );
    let group = root
        .values_mut()
        .find(|r| r["Type"] == "AWS::ElasticLoadBalancingV2::TargetGroup")
        .expect("a target group");
    group["Properties"]["VpcId"] = json!({"Ref": "PlantedVpc"});
    let found = violations(case, &templates);
    assert_eq!(found.len(), 2, "{found:#?}");
}
