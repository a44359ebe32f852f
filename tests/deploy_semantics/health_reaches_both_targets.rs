//! Rule: health reaches both targets. What EKS probes, ECS checks by the means it has: a routed
//! service's target group checks `health.path` on the port the probes use; a `health.command`
//! (a worker's, or an internal service's) is the ECS container `HealthCheck` (`["CMD", …]`, no
//! shell) and the EKS exec probe alike. An internal service without a command has no check ECS
//! can run (a container health check runs a command inside the image) — TF121 warns when its
//! `health` settings are written.
//! Sources: <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html>;
//! <https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/>

use super::harness::{Case, assert_holds, cases};
use serde_json::{Value, json};

fn violations(case: &Case, tasks: &dyn Fn(&str) -> Option<Value>) -> Vec<String> {
    let mut out = Vec::new();
    for service in &case.model.services {
        let label = format!("{} {}", case.label(), service.name);
        let Some(deployment) = case
            .workloads()
            .find(|d| d["metadata"]["name"] == service.name.as_str())
        else {
            continue;
        };
        let probe = &deployment["spec"]["template"]["spec"]["containers"][0]["livenessProbe"];
        let Some(task) = tasks(&format!("{}TaskDefinition", service.logical_id)) else {
            continue;
        };
        let check = &task["Properties"]["ContainerDefinitions"][0]["HealthCheck"];
        if let Some(command) = service.health_command() {
            let mut cmd = vec![json!("CMD")];
            cmd.extend(command.iter().map(|c| json!(c)));
            if check["Command"] != Value::Array(cmd) || probe["exec"]["command"] != json!(command) {
                out.push(format!("{label}: the command is not the check on both targets (ECS {check}, EKS {probe})"));
            }
        } else if let Some(route) = service.route() {
            let groups: Vec<_> = case
                .resources_of("AWS::ElasticLoadBalancingV2::TargetGroup")
                .map(|(_, _, g)| g["Properties"]["HealthCheckPath"].clone())
                .collect();
            if !groups.contains(&json!(route.health_path)) {
                out.push(format!(
                    "{label}: no target group checks `{}`",
                    route.health_path
                ));
            }
        }
    }
    out
}

fn tasks_of(case: &Case) -> impl Fn(&str) -> Option<Value> + '_ {
    move |id: &str| {
        case.resources()
            .find(|(_, found, _)| *found == id)
            .map(|(_, _, r)| r.clone())
    }
}

#[test]
fn health_reaches_both_targets() {
    assert_holds(
        "health reaches both targets",
        cases().flat_map(|c| violations(c, &tasks_of(c))),
    );
    assert!(
        cases().any(|c| c
            .model
            .services
            .iter()
            .any(|s| s.health_command().is_some())),
        "no case has a command health check"
    );
}

#[test]
fn a_command_missing_on_ecs_is_reported() {
    let case = cases()
        .find(|c| {
            c.model
                .services
                .iter()
                .any(|s| s.health_command().is_some())
        })
        .expect("a case with a command health check");
    let service = case
        .model
        .services
        .iter()
        .find(|s| s.health_command().is_some())
        .unwrap();
    let wanted = format!("{}TaskDefinition", service.logical_id);
    let planted = |id: &str| {
        let mut task = tasks_of(case)(id)?;
        if id == wanted {
            task["Properties"]["ContainerDefinitions"][0]["HealthCheck"] = Value::Null;
        }
        Some(task)
    };
    assert_eq!(violations(case, &planted).len(), 1);
}
