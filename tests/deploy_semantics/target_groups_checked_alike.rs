//! Rule: a routed service's target group is health-checked alike on both targets: the ECS
//! template's `AWS::ElasticLoadBalancingV2::TargetGroup` and the AWS Load Balancer Controller
//! annotations on the service's Kubernetes Service name the same path, success codes, protocol
//! version, interval, timeout and thresholds; and every ALB has the same scheme on both. The
//! defaults differ by protocol (HTTP `200`, gRPC `12`, "values between 0 and 99 … The default
//! value is 12"), so a success code left to either side's default marks a healthy gRPC target
//! unhealthy; the controller's default scheme is `internal`.
//! Sources: <https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Matcher.html>;
//! <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html>;
//! <https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/>
//! (`healthcheck-path`, `success-codes`, `backend-protocol-version`, `scheme`; a Service's
//! annotations override the Ingress's).

use super::harness::{Case, annotation, assert_holds, cases};
use serde_json::Value;

const ALB: &str = "alb.ingress.kubernetes.io/";

/// (ECS property of the target group, controller annotation) pairs that must hold the same
/// value; `Matcher` is compared separately (its key depends on the protocol).
const SAME: &[(&str, &str)] = &[
    ("HealthCheckPath", "healthcheck-path"),
    ("HealthCheckIntervalSeconds", "healthcheck-interval-seconds"),
    ("HealthCheckTimeoutSeconds", "healthcheck-timeout-seconds"),
    ("HealthyThresholdCount", "healthy-threshold-count"),
    ("UnhealthyThresholdCount", "unhealthy-threshold-count"),
    ("ProtocolVersion", "backend-protocol-version"),
];

/// A JSON scalar as the string an annotation would hold; `None` when absent.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn violations(case: &Case, objects: &[(String, Value)]) -> Vec<String> {
    let mut out = Vec::new();
    let kube = |kind: &str, name: &str| {
        objects
            .iter()
            .map(|(_, o)| o)
            .find(|o| o["kind"] == kind && o["metadata"]["name"] == name)
    };
    for service in case.model.services.iter().filter(|s| s.route().is_some()) {
        let label = format!("{} {}", case.label(), service.name);
        let group = case
            .resources_of("AWS::ElasticLoadBalancingV2::TargetGroup")
            .find(|(_, id, _)| {
                id.strip_prefix(service.logical_id.as_str())
                    .is_some_and(|kind| ["TargetGroup", "InternalTargetGroup"].contains(&kind))
            });
        let (Some((_, _, group)), Some(kube_service)) = (group, kube("Service", &service.name))
        else {
            out.push(format!(
                "{label}: routed, but a target group or Service is missing"
            ));
            continue;
        };
        let p = &group["Properties"];
        let a = |key: &str| annotation(kube_service, &format!("{ALB}{key}")).map(str::to_owned);
        for (property, key) in SAME {
            if text(&p[property]) != a(key) {
                out.push(format!(
                    "{label}: ECS {property} {} but EKS `{key}` {:?}",
                    p[property],
                    a(key)
                ));
            }
        }
        let matcher = text(&p["Matcher"]["HttpCode"]).or_else(|| text(&p["Matcher"]["GrpcCode"]));
        if matcher.is_none() || matcher != a("success-codes") {
            out.push(format!(
                "{label}: ECS Matcher {} but EKS `success-codes` {:?}",
                p["Matcher"],
                a("success-codes")
            ));
        }
    }
    let schemes: Vec<String> = case
        .resources_of("AWS::ElasticLoadBalancingV2::LoadBalancer")
        .filter_map(|(_, _, lb)| text(&lb["Properties"]["Scheme"]))
        .collect();
    for ingress in objects
        .iter()
        .map(|(_, o)| o)
        .filter(|o| o["kind"] == "Ingress")
    {
        let scheme = annotation(ingress, &format!("{ALB}scheme"));
        if schemes.iter().any(|s| Some(s.as_str()) != scheme) {
            out.push(format!(
                "{} Ingress/{}: scheme {scheme:?}, ECS {schemes:?}",
                case.label(),
                ingress["metadata"]["name"]
            ));
        }
    }
    out
}

#[test]
fn target_groups_are_checked_alike_on_both_targets() {
    assert_holds(
        "target groups checked alike on both targets",
        cases().flat_map(|c| violations(c, &c.objects)),
    );
    // The rule reads both protocols and both schemes somewhere.
    for backend in ["HTTP1", "GRPC"] {
        assert!(
            cases().any(|c| c.objects_of("Service").any(|s| {
                annotation(s, &format!("{ALB}backend-protocol-version")).unwrap_or("HTTP1")
                    == backend
                    && annotation(s, &format!("{ALB}success-codes")).is_some()
            })),
            "no routed {backend} service: the rule checks nothing for it"
        );
    }
    for scheme in ["internet-facing", "internal"] {
        assert!(
            cases().any(|c| c
                .resources_of("AWS::ElasticLoadBalancingV2::LoadBalancer")
                .any(|(_, _, lb)| lb["Properties"]["Scheme"] == scheme)
                && c.objects_of("Ingress").next().is_some()),
            "no {scheme} load balancer on both targets"
        );
    }
}

#[test]
fn a_grpc_service_left_to_the_default_success_codes_is_reported() {
    let grpc = |o: &Value| {
        o["kind"] == "Service"
            && annotation(o, &format!("{ALB}backend-protocol-version")) == Some("GRPC")
    };
    let case = cases()
        .find(|c| c.objects.iter().any(|(_, o)| grpc(o)))
        .expect("a case with a routed gRPC service");
    let mut objects = case.objects.clone();
    let (_, planted) = objects
        .iter_mut()
        .find(|(_, o)| grpc(o))
        .expect("found above");
    planted["metadata"]["annotations"]
        .as_object_mut()
        .expect("annotations")
        .remove(&format!("{ALB}success-codes"));
    let found = violations(case, &objects);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("success-codes"), "{found:#?}");
}

#[test]
fn an_ingress_of_another_scheme_is_reported() {
    let case = cases()
        .find(|c| {
            c.resources_of("AWS::ElasticLoadBalancingV2::LoadBalancer")
                .next()
                .is_some()
                && c.objects_of("Ingress").next().is_some()
        })
        .expect("a case with an ALB on both targets");
    let mut objects = case.objects.clone();
    for (_, o) in objects.iter_mut().filter(|(_, o)| o["kind"] == "Ingress") {
        let flipped = match annotation(o, &format!("{ALB}scheme")) {
            Some("internal") => "internet-facing",
            _ => "internal",
        };
        o["metadata"]["annotations"][format!("{ALB}scheme")] = Value::from(flipped);
    }
    let ingresses = objects
        .iter()
        .filter(|(_, o)| o["kind"] == "Ingress")
        .count();
    assert_eq!(violations(case, &objects).len(), ingresses);
}
