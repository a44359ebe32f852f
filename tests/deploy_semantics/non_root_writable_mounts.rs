//! Rule: a non-root container can write every path it mounts. On ECS a Fargate bind mount is
//! created root-owned with mode 0755, so every container that mounts one must wait
//! (`DependsOn` SUCCESS) for the non-essential root `volume_init` container that `chmod`s that
//! very volume; on EKS every pod with volumes sets `fsGroup`, which makes `emptyDir`
//! group-owned and group-writable for the (non-root) pod user.
//! Sources: <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html>
//! ("By default, the volume permissions are set to 0755 and the owner as root");
//! aws/containers-roadmap#938; container dependency conditions
//! <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html>
//! (SUCCESS "can't be set on an essential container");
//! <https://kubernetes.io/docs/tasks/configure-pod-container/security-context/> (fsGroup).
//! EFS volumes are not bind mounts: their access point decides owner and mode.

use super::harness::{Case, assert_holds, cases};
use serde_json::Value;

const INIT: &str = "volume_init";

fn task_violations(label: &str, id: &str, task: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let containers = task["Properties"]["ContainerDefinitions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let init = containers.iter().find(|c| c["Name"] == INIT);
    let efs: Vec<&str> = task["Properties"]["Volumes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|v| !v["EFSVolumeConfiguration"].is_null())
        .filter_map(|v| v["Name"].as_str())
        .collect();
    let fixed: Vec<(String, String)> = init
        .filter(|i| i["Essential"] == false && i["User"] == "0")
        .map(|i| {
            let command: Vec<&str> = i["Command"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let chmod = command.first() == Some(&"chmod") && command.get(1) == Some(&"1777");
            i["MountPoints"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|m| chmod && command.contains(&m["ContainerPath"].as_str().unwrap_or("")))
                .map(|m| {
                    (
                        m["SourceVolume"].as_str().unwrap_or("").to_owned(),
                        String::new(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    for c in containers.iter().filter(|c| c["Name"] != INIT) {
        let name = c["Name"].as_str().unwrap_or("?");
        if c["User"] == "0" || c["User"].as_str().is_some_and(|u| u.starts_with("0:")) {
            out.push(format!("{label} {id}/{name}: runs as root"));
        }
        let waits = c["DependsOn"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|d| d["ContainerName"] == INIT && d["Condition"] == "SUCCESS");
        for m in c["MountPoints"].as_array().into_iter().flatten() {
            let volume = m["SourceVolume"].as_str().unwrap_or("");
            // An EFS access point is no bind mount: it sets its directory's owner and mode
            // itself (`efs_mounts_agree.rs`), and a chmod would change the shared directory.
            if efs.contains(&volume) {
                continue;
            }
            if !waits || !fixed.iter().any(|(v, _)| v == volume) {
                out.push(format!("{label} {id}/{name}: mounts `{volume}` (root-owned 0755) without waiting for a chmod of it"));
            }
        }
    }
    out
}

fn violations(case: &Case) -> Vec<String> {
    let mut out: Vec<String> = case
        .resources_of("AWS::ECS::TaskDefinition")
        .flat_map(|(_, id, task)| task_violations(&case.label(), id, task))
        .collect();
    for deployment in case.workloads() {
        let pod = &deployment["spec"]["template"]["spec"];
        let has_volumes = pod["volumes"].as_array().is_some_and(|v| !v.is_empty());
        let context = &pod["securityContext"];
        if has_volumes
            && (context["fsGroup"].as_i64().unwrap_or(0) == 0
                || context["runAsUser"].as_i64().unwrap_or(0) == 0)
        {
            out.push(format!(
                "{} Deployment/{}: volumes without a non-root fsGroup",
                case.label(),
                deployment["metadata"]["name"]
            ));
        }
    }
    out
}

#[test]
fn non_root_containers_can_write_every_mounted_path() {
    assert_holds(
        "non-root containers can write every mounted path",
        cases().flat_map(violations),
    );
    assert!(cases().any(|c| c.resources_of("AWS::ECS::TaskDefinition").next().is_some()));
}

#[test]
fn a_container_that_does_not_wait_for_the_chmod_is_reported() {
    let case = cases().next().expect("a case");
    let (_, id, task) = case
        .resources_of("AWS::ECS::TaskDefinition")
        .next()
        .expect("a task");
    let mut task = task.clone();
    task["Properties"]["ContainerDefinitions"][0]["DependsOn"] = Value::Array(Vec::new());
    assert_eq!(task_violations("planted", id, &task).len(), 1);
}
