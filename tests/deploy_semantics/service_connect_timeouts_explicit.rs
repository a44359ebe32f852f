//! Rule: Service Connect timeouts are explicit. Without `Timeout` the Service Connect proxy
//! cuts every HTTP/gRPC request at 15 s (`perRequestTimeout`'s default), which EKS
//! (kube-proxy) never does, and ALB traffic to an awsvpc task passes through the same proxy
//! (containers-roadmap#1958). So every endpoint sets `PerRequestTimeoutSeconds: 0` ("A value of
//! 0 can be set to disable perRequestTimeout") unless it speaks TCP ("Only idleTimeout is
//! allowed for TCP appProtocol"), and an `IdleTimeoutSeconds` no shorter than an hour (the TCP
//! default; 86400 matches kube-proxy's conntrack for established connections).
//! Source: <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-timeoutconfiguration.html>

use super::harness::{Case, assert_holds, cases};
use serde_json::Value;

fn service_violations(label: &str, id: &str, service: &Value, tcp: bool) -> Vec<String> {
    let mut out = Vec::new();
    let entries = service["Properties"]["ServiceConnectConfiguration"]["Services"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for entry in entries {
        let timeout = &entry["Timeout"];
        if timeout["IdleTimeoutSeconds"]
            .as_u64()
            .is_none_or(|t| t != 0 && t < 3600)
        {
            out.push(format!(
                "{label} {id}: idle timeout {} (default 5 min for HTTP)",
                timeout["IdleTimeoutSeconds"]
            ));
        }
        match (tcp, &timeout["PerRequestTimeoutSeconds"]) {
            (true, Value::Null) => {}
            (true, other) => out.push(format!(
                "{label} {id}: PerRequestTimeoutSeconds {other} on TCP (rejected)"
            )),
            (false, v) if v.as_u64() == Some(0) => {}
            (false, other) => out.push(format!(
                "{label} {id}: per-request timeout {other} (default cuts at 15 s)"
            )),
        }
    }
    out
}

fn violations(case: &Case) -> Vec<String> {
    let mut out = Vec::new();
    for service in &case.model.services {
        let id = format!("{}Service", service.logical_id);
        let tcp = service
            .server()
            .is_some_and(|s| s.protocol == twinform::model::Protocol::Tcp);
        for (_, found, resource) in case.resources_of("AWS::ECS::Service") {
            if found == id {
                out.extend(service_violations(&case.label(), found, resource, tcp));
            }
        }
    }
    out
}

#[test]
fn service_connect_timeouts_are_explicit() {
    assert_holds(
        "Service Connect timeouts explicit",
        cases().flat_map(violations),
    );
    assert!(
        cases().any(|c| c
            .model
            .services
            .iter()
            .filter_map(|s| s.server())
            .any(|s| s.protocol == twinform::model::Protocol::Tcp)),
        "no TCP service"
    );
}

#[test]
fn an_endpoint_on_the_default_timeout_is_reported() {
    let case = cases().next().expect("a case");
    let (_, id, service) = case
        .resources_of("AWS::ECS::Service")
        .find(|(_, _, s)| s["Properties"]["ServiceConnectConfiguration"]["Services"].is_array())
        .expect("an endpoint");
    let mut service = service.clone();
    service["Properties"]["ServiceConnectConfiguration"]["Services"][0]["Timeout"] = Value::Null;
    assert_eq!(service_violations("planted", id, &service, false).len(), 2);
    assert_eq!(service_violations("planted", id, &service, true).len(), 1);
}
