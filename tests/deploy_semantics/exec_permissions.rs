//! Rule: a service with ECS Exec on (`EnableExecuteCommand: true`) can be reached by it. Its task
//! role allows the four Session Manager channel actions the agent in the task opens (else
//! `execute-command` fails with TargetNotConnectedException), and its read-only app container
//! mounts writable volumes where the agent writes its state and logs (else the agent exits at
//! start). Services with it off carry no such permission (least privilege).
//! Sources: <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html> (IAM
//! permissions required for ECS Exec); aws/containers-roadmap#1359 (read-only root file systems);
//! <https://gist.github.com/toricls/3af6bd8673d7b0ebbc1860fe8e862e50> (the writable paths).

use super::harness::{Case, assert_holds, cases, inline_statements};
use serde_json::Value;
use twinform::policy::ECS_EXEC_ACTIONS;

const AGENT_PATHS: [&str; 2] = ["/var/lib/amazon", "/var/log/amazon"];

/// Every action the role's inline policies allow.
fn role_actions(role: &Value) -> Vec<String> {
    inline_statements(role)
        .flat_map(|s| match &s["Action"] {
            Value::Array(a) => a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            Value::String(a) => vec![a.clone()],
            _ => Vec::new(),
        })
        .collect()
}

fn service_violations(
    label: &str,
    name: &str,
    exec: bool,
    task: &Value,
    role: Option<&Value>,
) -> Vec<String> {
    let mut out = Vec::new();
    let actions = role.map(role_actions).unwrap_or_default();
    let allowed = ECS_EXEC_ACTIONS
        .iter()
        .all(|a| actions.iter().any(|g| g == a));
    let app = task["Properties"]["ContainerDefinitions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["Name"] == name);
    let mounted = |path: &str| {
        app.and_then(|c| c["MountPoints"].as_array())
            .into_iter()
            .flatten()
            .any(|m| m["ContainerPath"] == path && m["ReadOnly"] == false)
    };
    if exec {
        // An existing role (`iam.role_arn`) is not in the template: TF128 warns about it.
        if role.is_some() && !allowed {
            out.push(format!(
                "{label} {name}: ECS Exec on, task role lacks {ECS_EXEC_ACTIONS:?}"
            ));
        }
        for path in AGENT_PATHS.iter().filter(|p| !mounted(p)) {
            out.push(format!(
                "{label} {name}: ECS Exec on, `{path}` not writable"
            ));
        }
    } else if actions.iter().any(|a| a.starts_with("ssmmessages:")) {
        out.push(format!(
            "{label} {name}: ECS Exec off, yet the task role opens Session Manager channels"
        ));
    }
    out
}

fn violations(case: &Case) -> Vec<String> {
    let resource = |id: String| {
        case.resources()
            .find(|(_, i, _)| *i == id)
            .map(|(_, _, r)| r)
    };
    case.model
        .services
        .iter()
        .flat_map(|s| {
            let ecs = resource(format!("{}Service", s.logical_id));
            let exec = ecs.is_some_and(|e| e["Properties"]["EnableExecuteCommand"] == true);
            let task = resource(format!("{}TaskDefinition", s.logical_id));
            let role = resource(format!("{}TaskRole", s.logical_id));
            task.map(|t| service_violations(&case.label(), &s.name, exec, t, role))
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn ecs_exec_is_reachable_where_on_and_absent_where_off() {
    assert_holds(
        "ECS Exec permissions and paths",
        cases().flat_map(violations),
    );
    assert!(
        cases().any(|c| c.model.services.iter().any(|s| s.exec)),
        "no case turns ECS Exec on: the rule checks only the off half"
    );
}

#[test]
fn a_task_role_without_the_channels_is_reported() {
    let case = cases()
        .find(|c| c.model.services.iter().any(|s| s.exec))
        .expect("a case with exec");
    let service = case.model.services.iter().find(|s| s.exec).expect("one");
    let find = |kind: &str| {
        let id = format!("{}{kind}", service.logical_id);
        case.resources()
            .find(|(_, i, _)| *i == id)
            .map(|(_, _, r)| r.clone())
            .expect(kind)
    };
    let mut role = find("TaskRole");
    role["Properties"]["Policies"] = Value::Array(Vec::new());
    let task = find("TaskDefinition");
    assert_eq!(
        service_violations("planted", &service.name, true, &task, Some(&role)).len(),
        1
    );
}
