//! The Kubernetes back-end, checked on the rendered output: what `kubectl apply -k` would read.

#[path = "kubernetes/alb.rs"]
mod alb;
#[path = "kubernetes/pods.rs"]
mod pods;
#[path = "kubernetes/pss.rs"]
mod pss;
#[path = "kubernetes/yaml.rs"]
mod yaml;

use serde_json::Value;
use std::collections::BTreeMap;

const SHOP: &str = include_str!("../examples/shop/twinform.toml");
const ENVS: [Option<&str>; 3] = [None, Some("dev"), Some("prod")];

fn env_name(env: Option<&str>) -> &str {
    env.unwrap_or("base")
}

/// The only caller of the pipeline: the `kubernetes/` files of a spec, as text.
fn kubernetes_files(text: &str, env: Option<&str>) -> BTreeMap<String, String> {
    let options = twinform::Options {
        env: env.map(str::to_owned),
        targets: twinform::Targets {
            cloudformation: false,
            kubernetes: true,
        },
        ..Default::default()
    };
    let synthesis = match twinform::synthesize("twinform.toml", text, &options) {
        Ok(synthesis) => synthesis,
        Err(checked) => panic!("spec has errors: {:#?}", checked.diagnostics),
    };
    synthesis
        .files
        .into_iter()
        .filter_map(|(path, bytes)| {
            let name = path.strip_prefix("kubernetes/")?.to_owned();
            Some((name, String::from_utf8(bytes).expect("output is UTF-8")))
        })
        .collect()
}

/// Every document of a file, read back with serde-saphyr.
fn documents(text: &str) -> Vec<Value> {
    serde_saphyr::from_str_multiple(text).expect("output parses as YAML")
}

/// Every object of the output, by kind then name.
fn objects(files: &BTreeMap<String, String>) -> Vec<Value> {
    files.values().flat_map(|text| documents(text)).collect()
}

fn of_kind<'a>(objects: &'a [Value], kind: &str) -> Vec<&'a Value> {
    objects.iter().filter(|o| o["kind"] == kind).collect()
}

#[test]
fn output_is_byte_identical_between_runs() {
    let traps = yaml::trap_spec();
    let cases = [
        ("shop", SHOP, None),
        ("shop", SHOP, Some("dev")),
        ("shop", SHOP, Some("prod")),
        ("batch", BATCH, None),
        ("mixed", MIXED, None),
        ("traps", &traps, None),
    ];
    for (example, text, env) in cases {
        let first = kubernetes_files(text, env);
        let second = kubernetes_files(text, env);
        assert!(first.len() > 2, "{first:?}");
        assert_eq!(first, second, "{example} {env:?}");
        // For the external validators: `TWINFORM_K8S_OUT=/tmp/k8s cargo test --test kubernetes`.
        if let Some(dir) = std::env::var_os("TWINFORM_K8S_OUT") {
            let dir = std::path::Path::new(&dir).join(format!("{example}-{}", env_name(env)));
            std::fs::create_dir_all(&dir).expect("create output dir");
            for (name, text) in &first {
                std::fs::write(dir.join(name), text).expect("write output");
            }
        }
    }
}

/// An app without routes: no Ingress.
const BATCH: &str = "[app]\nname = \"batch\"\n[services.worker]\nimage = \"public.ecr.aws/acme/worker:1.0.0\"\nport = 8080\n";

/// A spec with every protocol, both secret stores, a command and an internal ALB.
const MIXED: &str = r#"
[app]
name = "mixed"
region = "eu-west-1"
tags = { owner = "platform", "has space" = "dropped from labels" }

[network]
vpc_id = "vpc-0123456789abcdef0"
public_subnets = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
private_subnets = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]

[ingress]
public = false
certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc-123"

[services.web]
image = "public.ecr.aws/acme/web:1.0.0"
port = 8080
route = "/"
calls = ["grpc-api", "cache"]
command = ["serve", "--port", "8080"]
health = { grace = 0 }

[services.grpc-api]
image = "public.ecr.aws/acme/grpc-api@sha256:0f5e4c1a7d2b4e8f9a3c6b1d2e3f4a5b0f5e4c1a7d2b4e8f9a3c6b1d2e3f4a5b"
port = 50051
protocol = "grpc"
route = "/api.v1"
cpu = 1024
memory = 3072
health = { interval = 10, grace = 95 }
secrets = { DB_URL = "arn:aws:ssm:eu-west-1:123456789012:parameter/mixed/db-url", DB_PASSWORD = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mixed/db-AbCdEf:password::" }

[services.grpc-api.autoscale]
min = 1
max = 4
requests_per_target = 100

[services.cache]
image = "public.ecr.aws/acme/cache:7.2"
port = 6379
protocol = "tcp"
replicas = 1

[kubernetes]
namespace = "mixed-prod"
vpc_cidr = "10.20.0.0/16"
secret_store = "sm"
parameter_store = "ssm"
"#;

fn shop_outputs() -> Vec<(&'static str, BTreeMap<String, String>)> {
    ENVS.iter()
        .map(|&env| (env_name(env), kubernetes_files(SHOP, env)))
        .collect()
}

fn all_outputs() -> Vec<(&'static str, BTreeMap<String, String>)> {
    let mut outputs = shop_outputs();
    outputs.push(("mixed", kubernetes_files(MIXED, None)));
    outputs
}

fn model(text: &str, env: Option<&str>) -> twinform::model::Model {
    let checked = twinform::check_source("twinform.toml", text, env);
    checked
        .model
        .unwrap_or_else(|| panic!("spec has errors: {:#?}", checked.diagnostics))
}

fn name(object: &Value) -> &str {
    object["metadata"]["name"].as_str().unwrap_or_default()
}

fn find<'a>(objects: &'a [Value], kind: &str, wanted: &str) -> &'a Value {
    of_kind(objects, kind)
        .into_iter()
        .find(|o| name(o) == wanted)
        .unwrap_or_else(|| panic!("no {kind} {wanted}"))
}

fn pod_spec(deployment: &Value) -> &Value {
    &deployment["spec"]["template"]["spec"]
}

#[test]
fn every_namespaced_object_names_its_namespace_and_kustomize_lists_every_file() {
    for (env, files) in all_outputs() {
        let namespace = if env == "mixed" { "mixed-prod" } else { "shop" };
        for (file, text) in &files {
            for object in documents(text) {
                match object["kind"].as_str() {
                    Some("Namespace") => assert_eq!(name(&object), namespace),
                    Some("Kustomization") => {
                        assert_eq!(object["apiVersion"], "kustomize.config.k8s.io/v1beta1");
                        assert_eq!(object["namespace"], namespace);
                        let listed: Vec<&str> = object["resources"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_str)
                            .collect();
                        let others: Vec<&str> = files
                            .keys()
                            .map(String::as_str)
                            .filter(|f| *f != "kustomization.yaml")
                            .collect();
                        assert_eq!(listed, others, "{env}");
                    }
                    _ => assert_eq!(
                        object["metadata"]["namespace"],
                        namespace,
                        "{env} {file} {}",
                        name(&object)
                    ),
                }
                assert!(
                    object["apiVersion"].is_string() && object["kind"].is_string(),
                    "{env} {file}"
                );
            }
        }
        let services: Vec<&str> = files
            .keys()
            .map(String::as_str)
            .filter(|f| !["namespace.yaml", "ingress.yaml", "kustomization.yaml"].contains(f))
            .collect();
        assert!(!services.is_empty(), "{env}");
        assert!(files.contains_key("namespace.yaml") && files.contains_key("kustomization.yaml"));
    }
}

#[test]
fn service_files_never_collide_with_shared_files() {
    assert_eq!(twinform::emit::kubernetes::service_file("api"), "api.yaml");
    assert_eq!(
        twinform::emit::kubernetes::service_file("ingress"),
        "ingress.service.yaml"
    );
    assert_eq!(
        twinform::emit::kubernetes::service_file("namespace"),
        "namespace.service.yaml"
    );
    assert_eq!(
        twinform::emit::kubernetes::service_file("kustomization"),
        "kustomization.service.yaml"
    );
}
