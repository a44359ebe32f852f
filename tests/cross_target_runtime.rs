//! What the running containers get, alike on both targets: a writable `/tmp` for the non-root
//! user (ECS bind mounts are created root-owned 0755), the user the spec names, callers that
//! start after (and redeploy with) their callees, Service Connect without a 15 s request cut,
//! and a health check for internal services on ECS too.

mod common;

use common::outputs;
use serde_json::{Value, json};
use std::collections::BTreeSet;

const TWO: &str = r#"
[app]
name = "shop"
[services.web]
image = "public.ecr.aws/acme/web:1.0.0"
port = 8080
route = "/"
calls = ["api"]
[services.api]
image = "public.ecr.aws/acme/api:1.0.0"
port = 8081
protocol = "grpc"
memory = 1024
health = { command = ["/app/healthcheck"] }
[[services.api.sidecars]]
name = "otel"
image = "public.ecr.aws/acme/otel:1.0.0"
[services.db]
image = "public.ecr.aws/acme/db:1.0.0"
port = 5432
protocol = "tcp"
health = { interval = 30 }
"#;

fn containers(task: &Value) -> &Vec<Value> {
    task["Properties"]["ContainerDefinitions"]
        .as_array()
        .unwrap()
}

fn container<'a>(task: &'a Value, name: &str) -> &'a Value {
    containers(task)
        .iter()
        .find(|c| c["Name"] == name)
        .unwrap_or_else(|| panic!("no container {name}"))
}

#[test]
fn every_non_root_container_waits_for_its_volumes_to_be_made_writable() {
    let out = outputs(TWO, None, &[]);
    for id in ["WebTaskDefinition", "ApiTaskDefinition", "DbTaskDefinition"] {
        let task = &out.resources[id];
        let init = container(task, "volume_init");
        assert_eq!(init["Essential"], false, "{id}");
        assert_eq!(init["User"], "0", "{id}");
        assert_eq!(init["ReadonlyRootFilesystem"], true, "{id}");
        let command: Vec<&str> = init["Command"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(&command[..2], ["chmod", "1777"], "{id}");
        // Every volume an app or sidecar container mounts is one the init container fixes.
        let fixed: BTreeSet<&str> = init["MountPoints"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                assert!(command.contains(&m["ContainerPath"].as_str().unwrap()));
                m["SourceVolume"].as_str().unwrap()
            })
            .collect();
        for c in containers(task)
            .iter()
            .filter(|c| c["Name"] != "volume_init")
        {
            assert_ne!(c["User"], "0");
            assert!(
                c["DependsOn"]
                    .as_array()
                    .unwrap()
                    .contains(&json!({"Condition": "SUCCESS", "ContainerName": "volume_init"})),
                "{id} {}",
                c["Name"]
            );
            for m in c["MountPoints"].as_array().unwrap() {
                assert!(fixed.contains(m["SourceVolume"].as_str().unwrap()), "{id}");
            }
        }
    }
}

#[test]
fn the_volume_init_image_can_be_overridden() {
    let text = format!(
        "{TWO}\n[ecs]\nvolume_init_image = \"123456789012.dkr.ecr.us-east-1.amazonaws.com/busybox:1.37.0\"\n"
    );
    let out = outputs(&text, None, &[]);
    let init = container(&out.resources["WebTaskDefinition"], "volume_init");
    assert_eq!(
        init["Image"],
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/busybox:1.37.0"
    );
}

#[test]
fn the_user_key_applies_on_both_targets() {
    let text = TWO.replace(
        "[services.api]\n",
        "[services.api]\nuser = \"20000:20001\"\n",
    );
    let out = outputs(&text, None, &[]);
    let task = &out.resources["ApiTaskDefinition"];
    assert_eq!(container(task, "api")["User"], "20000:20001");
    assert_eq!(container(task, "otel")["User"], "20000:20001");
    let pod = &out.objects["Deployment/api"]["spec"]["template"]["spec"];
    assert_eq!(pod["securityContext"]["runAsUser"], 20000);
    assert_eq!(pod["securityContext"]["runAsGroup"], 20001);
    assert_eq!(pod["securityContext"]["fsGroup"], 20001);
    // The default stays 10001:10001.
    assert_eq!(
        container(&out.resources["WebTaskDefinition"], "web")["User"],
        "10001:10001"
    );
}

#[test]
fn a_root_user_is_refused_where_it_is_written() {
    let text = TWO.replace("[services.api]\n", "[services.api]\nuser = \"0:0\"\n");
    let checked = twinform::check_source("t.toml", &text, None);
    let codes: Vec<&str> = checked
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert!(codes.contains(&"TF071"), "{codes:?}");
    assert!(checked.model.is_none());
}

#[test]
fn a_caller_starts_after_its_callees_and_redeploys_when_they_change() {
    let out = outputs(TWO, None, &[]);
    let web = &out.resources["WebService"];
    assert_eq!(
        web["DependsOn"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| *d == "ApiService")
            .count(),
        1
    );
    let labels = &container(&out.resources["WebTaskDefinition"], "web")["DockerLabels"];
    assert_eq!(labels["twinform.calls"], "api");
    let more = TWO.replace("calls = [\"api\"]", "calls = [\"api\", \"db\"]");
    let out = outputs(&more, None, &[]);
    let labels = &container(&out.resources["WebTaskDefinition"], "web")["DockerLabels"];
    assert_eq!(labels["twinform.calls"], "api,db");
}

#[test]
fn a_call_cycle_is_broken_in_a_stable_order_and_reported() {
    let text = TWO
        .replace("port = 8081\n", "port = 8081\ncalls = [\"db\"]\n")
        .replace(
            "protocol = \"tcp\"\n",
            "protocol = \"tcp\"\ncalls = [\"web\"]\n",
        );
    let checked = twinform::check_source("t.toml", &text, None);
    let cycle: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "TF120")
        .collect();
    assert_eq!(cycle.len(), 1, "{:#?}", checked.diagnostics);
    let out = outputs(&text, None, &[]);
    let depends = |id: &str| -> Vec<String> {
        out.resources[id]["DependsOn"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default()
    };
    // api → db → web → api: the edge that closes the cycle from the first name (`api`) is dropped.
    assert!(depends("ApiService").contains(&"DbService".to_owned()));
    assert!(depends("DbService").contains(&"WebService".to_owned()));
    assert!(!depends("WebService").contains(&"ApiService".to_owned()));
}

#[test]
fn service_connect_never_cuts_a_request_at_15_seconds() {
    let out = outputs(TWO, None, &[]);
    for (id, per_request) in [
        ("WebService", true),
        ("ApiService", true),
        ("DbService", false),
    ] {
        let entry = &out.resources[id]["Properties"]["ServiceConnectConfiguration"]["Services"][0];
        let timeout = &entry["Timeout"];
        assert!(
            timeout["IdleTimeoutSeconds"].as_u64().unwrap() >= 3600,
            "{id}"
        );
        if per_request {
            assert_eq!(timeout["PerRequestTimeoutSeconds"], 0, "{id}");
        } else {
            assert!(timeout["PerRequestTimeoutSeconds"].is_null(), "{id}");
        }
    }
}

#[test]
fn the_app_container_gets_the_eks_limit_and_leaves_room_for_the_proxy() {
    let out = outputs(TWO, None, &[]);
    let task = &out.resources["WebTaskDefinition"];
    let web = container(task, "web");
    let pod = &out.objects["Deployment/web"]["spec"]["template"]["spec"]["containers"][0];
    let limit = pod["resources"]["limits"]["memory"].as_str().unwrap();
    assert_eq!(format!("{}Mi", web["Memory"]), limit);
    let task_memory: u64 = task["Properties"]["Memory"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let reserved: u64 = containers(task)
        .iter()
        .map(|c| {
            c["Memory"]
                .as_u64()
                .or(c["MemoryReservation"].as_u64())
                .unwrap_or(0)
        })
        .sum();
    // AWS recommends at least 64 MiB for the Service Connect proxy.
    assert!(task_memory - reserved >= 64, "{task_memory} {reserved}");
}

#[test]
fn an_internal_service_with_a_health_command_is_checked_on_both_targets() {
    let out = outputs(TWO, None, &[]);
    let api = container(&out.resources["ApiTaskDefinition"], "api");
    assert_eq!(
        api["HealthCheck"]["Command"],
        json!(["CMD", "/app/healthcheck"])
    );
    let pod = &out.objects["Deployment/api"]["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(
        pod["livenessProbe"]["exec"]["command"],
        json!(["/app/healthcheck"])
    );
}

#[test]
fn an_internal_service_that_ecs_cannot_check_is_reported() {
    let checked = twinform::check_source("t.toml", TWO, None);
    let unchecked: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "TF121")
        .map(|d| d.message.clone())
        .collect();
    // `db` has health settings, a port, no route and no command; `api` has a command, `web` a route.
    assert_eq!(unchecked.len(), 1, "{unchecked:?}");
    assert!(unchecked[0].contains("`db`"), "{unchecked:?}");
}

/// In a nested layout a `DependsOn` can name only a resource of its own template: a callee in
/// another services stack becomes the caller's stack waiting for the callee's, without a cycle
/// between stacks (the generated spec's calls wrap around, so stacks call each other both ways).
#[test]
fn callers_in_other_stacks_wait_for_the_callees_stack_without_a_cycle() {
    let spec = twinform::synthetic::spec(300);
    let options = twinform::Options {
        targets: twinform::Targets {
            cloudformation: true,
            kubernetes: false,
        },
        format: twinform::Format::Json,
        template_url_prefix: Some("https://s3.amazonaws.com/b/".to_owned()),
        ..Default::default()
    };
    let synthesis = twinform::synthesize_spec(&spec, &options).unwrap();
    let mut stack_edges: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut same_stack_waits = 0;
    for (path, bytes) in &synthesis.files {
        let template: Value = serde_json::from_slice(bytes).unwrap();
        let resources = template["Resources"].as_object().unwrap();
        for (id, resource) in resources {
            for dep in resource["DependsOn"].as_array().into_iter().flatten() {
                let dep = dep.as_str().unwrap();
                assert!(
                    resources.contains_key(dep),
                    "{path} {id}: DependsOn {dep} is not in the template"
                );
                if resource["Type"] == "AWS::CloudFormation::Stack" {
                    stack_edges
                        .entry(id.clone())
                        .or_default()
                        .push(dep.to_owned());
                } else if resource["Type"] == "AWS::ECS::Service" && dep.ends_with("Service") {
                    same_stack_waits += 1;
                }
            }
        }
    }
    assert!(
        same_stack_waits > 0,
        "no caller waits for a callee of its own stack"
    );
    assert!(
        !stack_edges.is_empty(),
        "no services stack waits for another"
    );
    // Acyclic: repeatedly remove stacks that wait for nothing left.
    let mut left = stack_edges.clone();
    while !left.is_empty() {
        let before = left.len();
        let waiting: BTreeSet<String> = left.keys().cloned().collect();
        left.retain(|_, deps| deps.iter().any(|d| waiting.contains(d)));
        assert!(
            left.len() < before,
            "stacks wait for each other in a cycle: {left:?}"
        );
    }
}
