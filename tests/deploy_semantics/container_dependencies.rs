//! Rule: every container an ECS container waits for to exit (`DependsOn` SUCCESS or COMPLETE)
//! is in the same task and is not essential — ECS refuses SUCCESS on an essential container, and
//! an essential container that exits stops the whole task. Each such container other than
//! `volume_init` (an ECS-only chmod) is a run-to-completion init container of the Deployment on
//! EKS (no `restartPolicy`), placed before the native sidecars, so both targets run the same
//! steps before the app starts.
//! Sources: <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html>
//! (SUCCESS "can't be set on an essential container");
//! <https://kubernetes.io/docs/concepts/workloads/pods/init-containers/> (init containers run to
//! completion, in order, before the app);
//! <https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/> (`restartPolicy: Always`).

use super::harness::{Case, assert_holds, cases};
use serde_json::Value;

const VOLUME_INIT: &str = "volume_init";

/// Violations in one task, and the names of the containers waited for to exit (volume_init aside).
fn task_violations(label: &str, id: &str, task: &Value) -> (Vec<String>, Vec<String>) {
    let containers = task["Properties"]["ContainerDefinitions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut exits = Vec::new();
    for c in &containers {
        for d in c["DependsOn"].as_array().into_iter().flatten() {
            let target = d["ContainerName"].as_str().unwrap_or("");
            let Some(waited) = containers.iter().find(|c| c["Name"] == target) else {
                out.push(format!(
                    "{label} {id}/{}: depends on missing `{target}`",
                    c["Name"]
                ));
                continue;
            };
            if d["Condition"] == "SUCCESS" || d["Condition"] == "COMPLETE" {
                if waited["Essential"] != false {
                    out.push(format!(
                        "{label} {id}: `{target}` is waited for to exit but is essential"
                    ));
                }
                if target != VOLUME_INIT && !exits.iter().any(|e| e == target) {
                    exits.push(target.to_owned());
                }
            }
        }
    }
    (out, exits)
}

fn violations(case: &Case) -> Vec<String> {
    let mut out = Vec::new();
    for service in &case.model.services {
        let id = format!("{}TaskDefinition", service.logical_id);
        let Some((_, _, task)) = case
            .resources_of("AWS::ECS::TaskDefinition")
            .find(|(_, i, _)| *i == id)
        else {
            continue;
        };
        let (mut found, exits) = task_violations(&case.label(), &id, task);
        out.append(&mut found);
        let Some(deployment) = case
            .workloads()
            .find(|d| d["metadata"]["name"] == service.name.as_str())
        else {
            continue;
        };
        let inits: Vec<&Value> = deployment["spec"]["template"]["spec"]["initContainers"]
            .as_array()
            .into_iter()
            .flatten()
            .collect();
        let run_to_completion: Vec<&str> = inits
            .iter()
            .take_while(|c| c.get("restartPolicy").is_none())
            .filter_map(|c| c["name"].as_str())
            .collect();
        let all_regular = inits
            .iter()
            .filter(|c| c.get("restartPolicy").is_none())
            .count();
        if run_to_completion.len() != all_regular {
            out.push(format!(
                "{}: `{}` has an init container after a native sidecar",
                case.label(),
                service.name
            ));
        }
        if run_to_completion != exits.iter().map(String::as_str).collect::<Vec<_>>() {
            out.push(format!(
                "{}: `{}` runs {exits:?} to completion on ECS but {run_to_completion:?} on EKS",
                case.label(),
                service.name
            ));
        }
    }
    out
}

#[test]
fn containers_waited_for_exit_and_run_first_on_both_targets() {
    assert_holds(
        "containers waited for are non-essential and are EKS init containers",
        cases().flat_map(violations),
    );
    assert!(
        cases().any(|c| c.model.services.iter().any(|s| !s.init.is_empty())),
        "no case has an init container: the rule checks only volume_init"
    );
}

#[test]
fn an_essential_container_waited_for_is_reported() {
    let case = cases()
        .find(|c| c.model.services.iter().any(|s| !s.init.is_empty()))
        .expect("a case with an init container");
    let service = case
        .model
        .services
        .iter()
        .find(|s| !s.init.is_empty())
        .expect("one");
    let id = format!("{}TaskDefinition", service.logical_id);
    let (_, _, task) = case
        .resources_of("AWS::ECS::TaskDefinition")
        .find(|(_, i, _)| *i == id)
        .expect("its task");
    let mut task = task.clone();
    for c in task["Properties"]["ContainerDefinitions"]
        .as_array_mut()
        .expect("containers")
    {
        if c["Name"] == service.init[0].name.as_str() {
            c["Essential"] = Value::Bool(true);
        }
    }
    assert_eq!(
        task_violations("planted", &id, &task).0.len(),
        2,
        "the app and the sidecar wait for it"
    );
}
