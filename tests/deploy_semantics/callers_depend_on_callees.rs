//! Rule: callers depend on callees and redeploy when their calls change. "Existing tasks can't
//! resolve and connect to the new endpoint. Only new tasks … can", and "In AWS CloudFormation,
//! you must use dependsOn … add dependsOn to the client service" for each backend it connects
//! to. So every caller's `AWS::ECS::Service` `DependsOn` each callee's (in a nested layout the
//! caller's stack waits for the callee's stack instead), except the one call that closes a
//! cycle (TF120); and the caller's app container carries `twinform.calls`, so a changed callee
//! set is a new task definition and new tasks.
//! Source: <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html>

use super::harness::{Case, assert_holds, cases};
use serde_json::Value;
use std::collections::BTreeMap;

fn violations(case: &Case, templates: &BTreeMap<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    // Logical ID → (template path, resource).
    let mut where_: BTreeMap<String, (&str, &Value)> = BTreeMap::new();
    for (path, template) in templates {
        for (id, r) in template["Resources"].as_object().into_iter().flatten() {
            where_.insert(id.clone(), (path.as_str(), r));
        }
    }
    let stack_of = |path: &str| -> Option<String> {
        // `cloudformation/services-03.template.json` → `ServicesStack03`.
        let stem = path
            .strip_prefix("cloudformation/services-")?
            .split('.')
            .next()?;
        Some(format!("ServicesStack{stem}"))
    };
    let root = &templates["cloudformation/template.json"]["Resources"];
    for service in &case.model.services {
        let id = format!("{}Service", service.logical_id);
        let Some((path, resource)) = where_.get(&id) else {
            continue;
        };
        for &callee in &service.start_after {
            let callee_service = case.model.service(callee);
            let callee = &callee_service.name;
            let callee_id = format!("{}Service", callee_service.logical_id);
            let Some((callee_path, _)) = where_.get(&callee_id) else {
                continue;
            };
            let waits = if path == callee_path {
                resource["DependsOn"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|d| d == callee_id.as_str())
            } else {
                match (stack_of(path), stack_of(callee_path)) {
                    (Some(a), Some(b)) => root[&a]["DependsOn"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|d| d == b.as_str()),
                    _ => false,
                }
            };
            if !waits {
                out.push(format!(
                    "{}: `{}` does not wait for its callee `{callee}`",
                    case.label(),
                    service.name
                ));
            }
        }
        let task = where_.get(&format!("{}TaskDefinition", service.logical_id));
        let label = task.map(|(_, t)| {
            &t["Properties"]["ContainerDefinitions"][0]["DockerLabels"]["twinform.calls"]
        });
        let expected = case.model.names(&service.calls).join(",");
        let ok = match label {
            Some(Value::String(l)) => *l == expected,
            Some(Value::Null) | None => expected.is_empty(),
            Some(_) => false,
        };
        if !ok {
            out.push(format!(
                "{}: `{}`'s task definition does not name its calls `{expected}`",
                case.label(),
                service.name
            ));
        }
    }
    out
}

#[test]
fn callers_depend_on_callees_and_redeploy_when_calls_change() {
    assert_holds(
        "callers depend on callees",
        cases().flat_map(|c| violations(c, &c.templates)),
    );
    assert!(
        cases().any(|c| c.model.services.iter().any(|s| !s.start_after.is_empty())),
        "no case has calls"
    );
}

#[test]
fn a_caller_created_before_its_callee_is_reported() {
    let case = cases()
        .find(|c| {
            c.model.services.iter().any(|s| !s.start_after.is_empty()) && c.templates.len() == 1
        })
        .expect("a single-template case with calls");
    let mut templates = case.templates.clone();
    let caller = case
        .model
        .services
        .iter()
        .find(|s| !s.start_after.is_empty())
        .unwrap();
    let resources = templates.get_mut("cloudformation/template.json").unwrap();
    resources["Resources"][format!("{}Service", caller.logical_id)]["DependsOn"] =
        Value::Array(Vec::new());
    resources["Resources"][format!("{}TaskDefinition", caller.logical_id)]["Properties"]["ContainerDefinitions"]
        [0]["DockerLabels"] = Value::Null;
    assert_eq!(
        violations(case, &templates).len(),
        caller.start_after.len() + 1
    );
}
