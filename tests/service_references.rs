//! `${services.NAME.url|host|port}` in env values: one resolved text on both targets, that
//! follows the callee's port.

mod common;

use common::{Outputs, outputs};
use serde_json::Value;

const SPEC: &str = r#"
[app]
name = "refs"

[services.api]
image = "public.ecr.aws/acme/api:1.0.0"
port = 8081
route = "/"
calls = ["db"]
cpu = 256
memory = 1024
env = { DB = "${services.db.host}:${services.db.port}", SELF = "${services.api.port}" }
sidecars = [{ name = "agent", image = "public.ecr.aws/acme/agent:1.0.0", env = { UPSTREAM = "${services.db.host}" } }]

[services.db]
image = "public.ecr.aws/acme/db:1.0.0"
port = 5432
protocol = "tcp"

[services.web]
image = "public.ecr.aws/acme/web:1.0.0"
port = 8080
calls = ["api"]
env = { API_URL = "${services.api.url}/v1" }
"#;

/// `NAME=value` of one container on ECS and on EKS.
fn env_of(o: &Outputs, service: &str, container: &str) -> (Vec<String>, Vec<String>) {
    let task = &o.resources[&format!(
        "{}TaskDefinition",
        service[..1].to_uppercase() + &service[1..]
    )];
    let ecs = task["Properties"]["ContainerDefinitions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["Name"] == container)
        .unwrap()["Environment"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            format!(
                "{}={}",
                e["Name"].as_str().unwrap(),
                e["Value"].as_str().unwrap()
            )
        })
        .collect();
    let pod = &o.objects[&format!("Deployment/{service}")]["spec"]["template"]["spec"];
    let containers = pod["containers"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(pod["initContainers"].as_array().into_iter().flatten());
    let eks = containers
        .filter(|c| c["name"] == container)
        .flat_map(|c| c["env"].as_array().cloned().unwrap_or_default())
        .filter(|e| e["value"].is_string())
        .map(|e: Value| {
            format!(
                "{}={}",
                e["name"].as_str().unwrap(),
                e["value"].as_str().unwrap()
            )
        })
        .collect();
    (ecs, eks)
}

fn has(list: &[String], entry: &str) -> bool {
    list.iter().any(|e| e == entry)
}

#[test]
fn references_resolve_to_the_same_text_on_both_targets() {
    let o = outputs(SPEC, None, &[]);
    for (service, container, entry) in [
        ("web", "web", "API_URL=http://api:8081/v1"),
        ("api", "api", "DB=db:5432"),
        ("api", "api", "SELF=8081"),
        ("api", "agent", "UPSTREAM=db"),
    ] {
        let (ecs, eks) = env_of(&o, service, container);
        assert!(has(&ecs, entry), "ECS {service}/{container}: {ecs:?}");
        assert!(has(&eks, entry), "EKS {service}/{container}: {eks:?}");
    }
}

#[test]
fn a_port_change_reaches_every_caller() {
    let moved = SPEC.replace("port = 8081", "port = 9090");
    let o = outputs(&moved, None, &[]);
    let (ecs, eks) = env_of(&o, "web", "web");
    assert!(has(&ecs, "API_URL=http://api:9090/v1"), "{ecs:?}");
    assert!(has(&eks, "API_URL=http://api:9090/v1"), "{eks:?}");
}

/// Odd values never panic and never leave a half-substituted reference behind.
#[test]
fn odd_values_are_reported_or_kept_never_a_panic() {
    for value in [
        "${services.",
        "${services.}",
        "${services.web.url",
        "${services.${services.api.url}.url}",
        "é${services.api.port}ü",
        "://",
        "api:",
        "api:80.example.com",
        "http://api:",
        "http://api:99999999999999999999",
        "${services.api.port}${services.api.port}",
    ] {
        let spec = SPEC.replace(
            "env = { API_URL = \"${services.api.url}/v1\" }",
            &format!("env = {{ X = {} }}", toml::Value::from(value)),
        );
        let checked = twinform::check_source("twinform.toml", &spec, None);
        if let Some(model) = checked.model {
            let web = model.services.iter().find(|s| s.name == "web").unwrap();
            assert!(
                !web.env["X"].contains("${services.api"),
                "{value}: {:?}",
                web.env
            );
        }
    }
}
