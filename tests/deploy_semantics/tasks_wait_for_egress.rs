//! Rule: in a VPC the template creates, an ECS service (or, in a nested layout, the child stack
//! holding it) waits for the route-table association and the default route of every subnet its
//! tasks run in. Without it, a first create or a `nat` none → single update starts tasks in a
//! private subnet before its NAT route exists: they cannot pull the image or read their secrets
//! ("CannotPullContainerError … i/o timeout"; the circuit breaker rolls the deployment back).
//! CloudFormation orders only what `Ref`/`DependsOn` connect; the service references the subnet,
//! not its route.
//! Sources: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html>
//! ("resources that depend on a VPC-gateway attachment … declare DependsOn");
//! <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html>
//! (a task in a private subnet needs a NAT gateway route to pull images).

use super::harness::{Case, assert_holds, cases};
use serde_json::Value;
use std::collections::BTreeSet;

fn reference(value: &Value) -> Option<&str> {
    value["Ref"].as_str()
}

fn depends_on(resource: &Value) -> BTreeSet<&str> {
    match &resource["DependsOn"] {
        Value::String(one) => BTreeSet::from([one.as_str()]),
        Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
        _ => BTreeSet::new(),
    }
}

/// The association of `subnet` and the default route of its table, in the root template.
fn egress_of<'a>(root: &'a Value, subnet: &str) -> Vec<&'a str> {
    let resources = root["Resources"].as_object().into_iter().flatten();
    let mut out = Vec::new();
    for (id, association) in resources.clone() {
        if association["Type"] != "AWS::EC2::SubnetRouteTableAssociation"
            || reference(&association["Properties"]["SubnetId"]) != Some(subnet)
        {
            continue;
        }
        out.push(id.as_str());
        let table = reference(&association["Properties"]["RouteTableId"]);
        out.extend(resources.clone().filter_map(|(id, route)| {
            (route["Type"] == "AWS::EC2::Route"
                && route["Properties"]["DestinationCidrBlock"] == "0.0.0.0/0"
                && reference(&route["Properties"]["RouteTableId"]) == table)
                .then_some(id.as_str())
        }));
    }
    out
}

/// Violations of one case's templates.
fn violations(case: &Case, root: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let resources = root["Resources"].as_object().into_iter().flatten();
    for (id, resource) in resources {
        // A service's subnets, or the subnets the root passes to a child stack.
        let subnets: Vec<&str> = match resource["Type"].as_str() {
            Some("AWS::ECS::Service") => {
                resource["Properties"]["NetworkConfiguration"]["AwsvpcConfiguration"]["Subnets"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(reference)
                    .collect()
            }
            Some("AWS::CloudFormation::Stack") => resource["Properties"]["Parameters"]
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(name, _)| name.contains("Subnet"))
                .filter_map(|(_, value)| reference(value))
                .collect(),
            _ => continue,
        };
        let waits = depends_on(resource);
        for subnet in subnets {
            for egress in egress_of(root, subnet) {
                if !waits.contains(egress) {
                    out.push(format!(
                        "{}: `{id}` runs tasks in `{subnet}` without waiting for `{egress}`",
                        case.label()
                    ));
                }
            }
        }
    }
    out
}

fn has_nat_route(case: &Case) -> bool {
    case.resources_of("AWS::EC2::Route")
        .any(|(_, _, r)| !r["Properties"]["NatGatewayId"].is_null())
}

#[test]
fn tasks_wait_for_their_subnets_egress() {
    assert_holds(
        "tasks wait for their subnets' routes",
        cases().flat_map(|c| violations(c, c.template())),
    );
    assert!(
        cases().any(has_nat_route),
        "no case has a NAT route: the rule checks nothing"
    );
}

#[test]
fn a_service_that_does_not_wait_is_reported() {
    let case = cases()
        .find(|c| {
            has_nat_route(c)
                && c.resources_of("AWS::ECS::Service").next().is_some()
                && c.templates.len() == 1
        })
        .expect("a single template with NAT routes");
    let mut root = case.template().clone();
    for resource in root["Resources"]
        .as_object_mut()
        .into_iter()
        .flat_map(|r| r.values_mut())
    {
        if resource["Type"] == "AWS::ECS::Service"
            && let Some(object) = resource.as_object_mut()
        {
            object.remove("DependsOn");
        }
    }
    assert!(!violations(case, &root).is_empty());
}
