//! Rule: an ECS service with a blue/green, canary or linear strategy names, in
//! `LoadBalancers[0].AdvancedConfiguration`, an alternate target group built like its primary
//! (same VPC, `ip` targets, protocol and health check), a production listener rule that forwards
//! to both groups (primary weight 100, alternate 0, so the alternate is associated with the
//! load balancer before ECS registers tasks in it), and a role that `ecs.amazonaws.com` may
//! assume with the managed load-balancer policy.
//! Sources: <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html>;
//! <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AdvancedConfiguration.html>;
//! <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/AmazonECSInfrastructureRolePolicyForLoadBalancers.html>.

use super::harness::{Case, assert_holds, cases};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The target-group properties that must agree between primary and alternate.
const ALIKE: &[&str] = &[
    "HealthCheckPath",
    "HealthCheckIntervalSeconds",
    "HealthCheckTimeoutSeconds",
    "HealthyThresholdCount",
    "UnhealthyThresholdCount",
    "Matcher",
    "Protocol",
    "ProtocolVersion",
    "TargetType",
    "VpcId",
];

fn referenced<'a>(template: &'a Value, expr: &Value) -> Option<&'a Value> {
    let id = expr["Ref"].as_str()?;
    template["Resources"].get(id)
}

fn violations(label: &str, templates: &BTreeMap<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    for (path, template) in templates {
        for (id, resource) in template["Resources"].as_object().into_iter().flatten() {
            if resource["Type"] != "AWS::ECS::Service" {
                continue;
            }
            let lb = &resource["Properties"]["LoadBalancers"][0];
            let advanced = &lb["AdvancedConfiguration"];
            let strategy = &resource["Properties"]["DeploymentConfiguration"]["Strategy"];
            if advanced.is_null() {
                if !strategy.is_null() {
                    out.push(format!(
                        "{label} {path} {id}: {strategy} without AdvancedConfiguration"
                    ));
                }
                continue;
            }
            let at = |what: &str| format!("{label} {path} {id}: {what}");
            let (Some(primary), Some(alternate), Some(rule)) = (
                referenced(template, &lb["TargetGroupArn"]),
                referenced(template, &advanced["AlternateTargetGroupArn"]),
                referenced(template, &advanced["ProductionListenerRule"]),
            ) else {
                out.push(at("a group or the rule is not a resource of its template"));
                continue;
            };
            for key in ALIKE {
                let (a, b) = (&primary["Properties"][key], &alternate["Properties"][key]);
                if a != b {
                    out.push(at(&format!(
                        "alternate {key} {b} differs from the primary's {a}"
                    )));
                }
            }
            let groups = &rule["Properties"]["Actions"][0]["ForwardConfig"]["TargetGroups"];
            let expected = json!([
                {"TargetGroupArn": lb["TargetGroupArn"], "Weight": 100},
                {"TargetGroupArn": advanced["AlternateTargetGroupArn"], "Weight": 0},
            ]);
            if groups != &expected {
                out.push(at(&format!(
                    "production rule forwards {groups}, not {expected}"
                )));
            }
            // The role lives in the root; a child stack receives its ARN as a parameter.
            let role_id = advanced["RoleArn"]["Fn::GetAtt"][0]
                .as_str()
                .or_else(|| advanced["RoleArn"]["Ref"].as_str()?.strip_suffix("Arn"));
            let role =
                role_id.and_then(|r| templates["cloudformation/template.json"]["Resources"].get(r));
            let trusted = role.is_some_and(|r| {
                let props = &r["Properties"];
                props["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"]
                    == "ecs.amazonaws.com"
                    && props["ManagedPolicyArns"][0]["Fn::Sub"]
                        .as_str()
                        .is_some_and(|a| a.ends_with(":iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers"))
            });
            if !trusted {
                out.push(at(&format!(
                    "role {:?} is not ECS's infrastructure role",
                    advanced["RoleArn"]
                )));
            }
        }
    }
    out
}

#[test]
fn traffic_shifting_services_have_alike_groups_a_weighted_rule_and_the_role() {
    assert_holds(
        "blue/green target groups alike",
        cases().flat_map(|c| violations(&c.label(), &c.templates)),
    );
    assert!(
        cases().any(
            |c: &Case| c.resources_of("AWS::ECS::Service").any(|(_, _, r)| {
                !r["Properties"]["LoadBalancers"][0]["AdvancedConfiguration"].is_null()
            })
        ),
        "no case shifts traffic: the rule checks nothing"
    );
}

#[test]
fn an_alternate_group_with_another_health_check_and_a_one_group_rule_are_reported() {
    let case = cases()
        .find(|c| c.spec == "strategies" && c.env.is_none())
        .expect("the strategies example");
    let mut templates = case.templates.clone();
    let resources = templates
        .get_mut("cloudformation/template.json")
        .and_then(|t| t["Resources"].as_object_mut())
        .expect("resources");
    resources["CartAlternateTargetGroup"]["Properties"]["HealthCheckPath"] = json!("/other");
    resources["CartListenerRule"]["Properties"]["Actions"] =
        json!([{"Type": "forward", "TargetGroupArn": {"Ref": "CartTargetGroup"}}]);
    let found = violations("planted", &templates);
    assert_eq!(found.len(), 2, "{found:#?}");
}
