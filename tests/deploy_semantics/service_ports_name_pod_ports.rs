//! Rule: every Service port targets, by name, a container port of the pods it selects, and the
//! name depends on the protocol family only (`http` for HTTP and gRPC, `tcp`), with the protocol
//! in `appProtocol`. The endpoints controller lists a pod under a named `targetPort` only when
//! the pod has a port of that name, so a name that changed with the protocol (http → grpc) would
//! empty the Service until every new pod is ready.
//! Sources: <https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service>
//! ("targetPort … the name of a port in the Pod"; "This works even if there is a mixture of Pods
//! in the Service using a single configured name");
//! <https://kubernetes.io/docs/concepts/services-networking/service/#application-protocol>.

use super::harness::{Case, assert_holds, cases};
use serde_json::Value;

fn violations(case: &Case, services: &[&Value]) -> Vec<String> {
    let mut out = Vec::new();
    for service in services {
        let name = service["metadata"]["name"].as_str().unwrap_or("");
        // By selector: an Argo canary Service (`NAME-canary`) selects its Rollout's pods.
        let Some(deployment) = case
            .workloads()
            .find(|d| d["spec"]["selector"]["matchLabels"] == service["spec"]["selector"])
        else {
            out.push(format!(
                "{}: Service `{name}` has no Deployment",
                case.label()
            ));
            continue;
        };
        let pod_ports: Vec<&str> = deployment["spec"]["template"]["spec"]["containers"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|c| c["ports"].as_array().into_iter().flatten())
            .filter_map(|p| p["name"].as_str())
            .collect();
        for port in service["spec"]["ports"].as_array().into_iter().flatten() {
            let target = port["targetPort"].as_str().unwrap_or("");
            let family = match port["appProtocol"].as_str() {
                Some("http" | "kubernetes.io/h2c") => "http",
                None => "tcp",
                Some(other) => other,
            };
            if !pod_ports.contains(&target) {
                out.push(format!(
                    "{}: Service `{name}` targets port `{target}`, which its pods lack ({pod_ports:?})",
                    case.label()
                ));
            }
            if target != family {
                out.push(format!(
                    "{}: Service `{name}` port `{target}` is not named by its family `{family}`",
                    case.label()
                ));
            }
        }
    }
    out
}

#[test]
fn service_ports_name_their_pods_ports_by_family() {
    assert_holds(
        "Service ports name pod ports by family",
        cases().flat_map(|c| violations(c, &c.objects_of("Service").collect::<Vec<_>>())),
    );
    assert!(
        cases().any(|c| c
            .objects_of("Service")
            .any(|s| s["spec"]["ports"][0]["appProtocol"] == "kubernetes.io/h2c")),
        "no gRPC service in the book: the family rule checks nothing for it"
    );
}

#[test]
fn a_port_named_by_protocol_is_reported() {
    let case = cases()
        .find(|c| c.objects_of("Service").next().is_some())
        .expect("a case with a Service");
    let mut service = case
        .objects_of("Service")
        .next()
        .cloned()
        .expect("a Service");
    service["spec"]["ports"][0]["targetPort"] = Value::from("grpc");
    assert!(!violations(case, &[&service]).is_empty());
}
