//! Workers, sidecars and image pinning describe the same system on both targets, for every
//! environment of `examples/estate`: a worker has no Service or target group on either side and
//! the same command health check; sidecar shares add up to the billed Fargate size on both; the
//! same image references (digests included) on both; `--tag` overrides both alike.

mod common;

use common::{
    ESTATE, Outputs, assert_builder_writes, estate_environments as environments, model, outputs,
};
use serde_json::Value;
use std::collections::BTreeMap;
use twinform::Options;

/// `250m` → millicores.
fn millis(q: &Value) -> u32 {
    q.as_str()
        .unwrap()
        .strip_suffix('m')
        .unwrap()
        .parse()
        .unwrap()
}
fn mebibytes(q: &Value) -> u32 {
    q.as_str()
        .unwrap()
        .strip_suffix("Mi")
        .unwrap()
        .parse()
        .unwrap()
}

/// Every container that runs beside the app: the app's and the native sidecars (restartable
/// init containers); the init containers that run to completion before them are not counted.
fn pod_containers(pod: &Value) -> Vec<&Value> {
    let mut all: Vec<&Value> = pod["containers"].as_array().unwrap().iter().collect();
    if let Some(init) = pod["initContainers"].as_array() {
        all.extend(init.iter().filter(|c| c["restartPolicy"] == "Always"));
    }
    all
}

#[test]
fn a_worker_has_no_service_or_target_group_on_either_side() {
    let text = std::fs::read_to_string(ESTATE).unwrap();
    let mut workers = 0;
    for env in environments() {
        let model = model(&text, env.as_deref());
        let out = outputs(&text, env.as_deref(), &[]);
        for s in model.services.iter().filter(|s| s.is_worker()) {
            workers += 1;
            let case = format!("{env:?} {}", s.name);
            let id = |kind: &str| format!("{}{kind}", s.logical_id);
            // No way in: no target group, rule, ingress edge, Service, Ingress path.
            for kind in [
                "TargetGroup",
                "InternalTargetGroup",
                "ListenerRule",
                "LoadBalancerIngress",
            ] {
                assert!(!out.resources.contains_key(&id(kind)), "{case}: {kind}");
            }
            assert!(
                !out.resources
                    .keys()
                    .any(|k| k.starts_with(&id("IngressFrom"))),
                "{case}"
            );
            assert!(
                !out.objects.contains_key(&format!("Service/{}", s.name)),
                "{case}"
            );
            let ingress_backends: Vec<&str> = out
                .objects
                .iter()
                .filter(|(k, _)| k.starts_with("Ingress/"))
                .flat_map(|(_, i)| i["spec"]["rules"][0]["http"]["paths"].as_array().unwrap())
                .map(|p| p["backend"]["service"]["name"].as_str().unwrap())
                .collect();
            assert!(!ingress_backends.contains(&s.name.as_str()), "{case}");
            let policy = &out.objects[&format!("NetworkPolicy/{}", s.name)];
            assert_eq!(policy["spec"]["ingress"], Value::Array(vec![]), "{case}");

            // A Service Connect client only: the namespace, no endpoint of its own.
            let ecs = &out.resources[&id("Service")]["Properties"];
            let connect = &ecs["ServiceConnectConfiguration"];
            assert_eq!(connect["Enabled"], true, "{case}");
            assert!(connect.get("Services").is_none(), "{case}");
            // Detached explicitly: an absent property would keep a live attachment.
            assert_eq!(ecs["LoadBalancers"], Value::Array(vec![]), "{case}");

            // The same health command: `CMD` + command on ECS, exec probes on EKS.
            let task = &out.resources[&id("TaskDefinition")]["Properties"];
            let app = &task["ContainerDefinitions"][0];
            assert!(app.get("PortMappings").is_none(), "{case}");
            let check = &app["HealthCheck"];
            let command = s.health_command().unwrap().to_vec();
            let mut cmd = vec![Value::from("CMD")];
            cmd.extend(command.iter().map(|c| Value::from(c.as_str())));
            assert_eq!(check["Command"], Value::Array(cmd), "{case}");
            let pod = &out.objects[&format!("Deployment/{}", s.name)]["spec"]["template"]["spec"];
            let container = &pod["containers"][0];
            assert!(container.get("ports").is_none(), "{case}");
            for probe in ["startupProbe", "readinessProbe", "livenessProbe"] {
                assert_eq!(
                    container[probe]["exec"]["command"],
                    serde_json::to_value(&command).unwrap(),
                    "{case}: {probe}"
                );
                assert_eq!(
                    container[probe]["periodSeconds"], check["Interval"],
                    "{case}"
                );
                assert_eq!(
                    container[probe]["timeoutSeconds"], check["Timeout"],
                    "{case}"
                );
            }

            // Its calls still open the callees, on both targets.
            for &callee in &s.calls {
                let callee = model.service(callee);
                assert!(
                    out.resources
                        .contains_key(&format!("{}IngressFrom{}", callee.logical_id, s.logical_id)),
                    "{case} → {}",
                    callee.name
                );
                let policy = &out.objects[&format!("NetworkPolicy/{}", callee.name)];
                let admitted = policy["spec"]["ingress"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .flat_map(|rule| rule["from"].as_array().cloned().unwrap_or_default())
                    .any(|peer| {
                        peer["podSelector"]["matchLabels"]["app.kubernetes.io/name"] == *s.name
                    });
                assert!(admitted, "{case} → {}", callee.name);
            }
        }
    }
    assert!(workers >= 9, "compared only {workers} workers");
}

#[test]
fn sidecar_shares_add_up_to_the_billed_size_on_both_targets() {
    let text = std::fs::read_to_string(ESTATE).unwrap();
    let mut sidecars = 0;
    for env in environments() {
        let model = model(&text, env.as_deref());
        let out = outputs(&text, env.as_deref(), &[]);
        for s in model.services.iter().filter(|s| !s.sidecars.is_empty()) {
            let case = format!("{env:?} {}", s.name);
            let task = &out.resources[&format!("{}TaskDefinition", s.logical_id)]["Properties"];
            // `volume_init` (ECS only: it makes the volumes writable and exits) aside.
            let defs: Vec<&Value> = task["ContainerDefinitions"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["Name"] != "volume_init")
                .filter(|d| !s.init.iter().any(|i| d["Name"] == i.name.as_str()))
                .collect();
            assert_eq!(defs.len(), 1 + s.sidecars.len(), "{case}");
            // The app starts after its sidecars on both: ECS `DependsOn` START, EKS init order.
            let waits: Vec<&str> = defs[0]["DependsOn"]
                .as_array()
                .unwrap()
                .iter()
                // `volume_init` and the init containers are waited for to exit (SUCCESS).
                .filter(|d| d["Condition"] != "SUCCESS")
                .inspect(|d| assert_eq!(d["Condition"], "START"))
                .map(|d| d["ContainerName"].as_str().unwrap())
                .collect();
            let names: Vec<&str> = s.sidecars.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(waits, names, "{case}");
            let cpu: u64 = defs.iter().map(|d| d["Cpu"].as_u64().unwrap()).sum();
            // The app's hard limit plus the sidecars' shares leave Fargate's EKS overhead (256
            // MiB) free on ECS too, for the Service Connect proxy and `volume_init`.
            let memory: u64 = defs
                .iter()
                .map(|d| {
                    d["Memory"]
                        .as_u64()
                        .or(d["MemoryReservation"].as_u64())
                        .unwrap()
                })
                .sum();
            assert_eq!(cpu.to_string(), task["Cpu"].as_str().unwrap(), "{case}");
            assert_eq!(
                (memory + u64::from(twinform::fargate::EKS_POD_OVERHEAD_MIB)).to_string(),
                task["Memory"].as_str().unwrap(),
                "{case}"
            );

            let pod = &out.objects[&format!("Deployment/{}", s.name)]["spec"]["template"]["spec"];
            let containers = pod_containers(pod);
            assert_eq!(containers.len(), defs.len(), "{case}");
            let (mut pod_millis, mut pod_mib) = (0, 0);
            for c in &containers {
                let requests = &c["resources"]["requests"];
                assert_eq!(requests, &c["resources"]["limits"], "{case}");
                pod_millis += millis(&requests["cpu"]);
                pod_mib += mebibytes(&requests["memory"]);
            }
            // Fargate adds 256 MiB and rounds up to the next size: exactly the task's.
            let wanted = (
                pod_millis * 1024 / 1000,
                pod_mib + twinform::fargate::EKS_POD_OVERHEAD_MIB,
            );
            let size = twinform::fargate::smallest_at_least(
                (pod_millis * 1024).div_ceil(1000).into(),
                wanted.1.into(),
            )
            .unwrap();
            assert_eq!(size, (s.cpu, s.memory), "{case}: pod lands on {wanted:?}");
            assert_eq!(wanted.1, s.memory, "{case}: memory is exact");

            // Each sidecar gets the same share on both targets, secured like the app.
            for sidecar in &s.sidecars {
                sidecars += 1;
                let def = defs.iter().find(|d| d["Name"] == *sidecar.name).unwrap();
                let c = containers
                    .iter()
                    .find(|c| c["name"] == *sidecar.name)
                    .unwrap();
                assert_eq!(def["Cpu"], sidecar.cpu, "{case}");
                assert_eq!(def["MemoryReservation"], sidecar.memory, "{case}");
                assert_eq!(
                    millis(&c["resources"]["requests"]["cpu"]),
                    sidecar.cpu * 1000 / 1024
                );
                assert_eq!(
                    mebibytes(&c["resources"]["requests"]["memory"]),
                    sidecar.memory
                );
                assert_eq!(def["Essential"], sidecar.essential, "{case}");
                assert_eq!(def["ReadonlyRootFilesystem"], true, "{case}");
                assert_eq!(def["User"], "10001:10001", "{case}");
                assert_eq!(c["securityContext"]["readOnlyRootFilesystem"], true);
                assert_eq!(c["securityContext"]["capabilities"]["drop"][0], "ALL");
            }
        }
    }
    assert!(sidecars >= 9, "compared only {sidecars} sidecars");
}

/// Container name → image, per service, on each target.
fn images(out: &Outputs) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let mut ecs = BTreeMap::new();
    for r in out.resources.values() {
        if r["Type"] == "AWS::ECS::TaskDefinition" {
            let defs = r["Properties"]["ContainerDefinitions"].as_array().unwrap();
            for d in defs.iter().filter(|d| d["Name"] != "volume_init") {
                let app = r["Properties"]["ContainerDefinitions"][0]["Name"]
                    .as_str()
                    .unwrap();
                ecs.insert(
                    format!("{app}/{}", d["Name"].as_str().unwrap()),
                    d["Image"].as_str().unwrap().to_owned(),
                );
            }
        }
    }
    let mut eks = BTreeMap::new();
    for (key, o) in &out.objects {
        // A job's pod is its CronJob's template.
        let pod = match (
            key.strip_prefix("Deployment/"),
            key.strip_prefix("CronJob/"),
        ) {
            (Some(name), _) => Some((name, &o["spec"]["template"]["spec"])),
            (_, Some(name)) => Some((name, &o["spec"]["jobTemplate"]["spec"]["template"]["spec"])),
            _ => None,
        };
        if let Some((name, pod)) = pod {
            let every = pod["containers"].as_array().into_iter().flatten();
            for c in every.chain(pod["initContainers"].as_array().into_iter().flatten()) {
                eks.insert(
                    format!("{name}/{}", c["name"].as_str().unwrap()),
                    c["image"].as_str().unwrap().to_owned(),
                );
            }
        }
    }
    (ecs, eks)
}

#[test]
fn the_same_images_and_digests_on_both_targets() {
    let text = std::fs::read_to_string(ESTATE).unwrap();
    for env in environments() {
        let out = outputs(&text, env.as_deref(), &[]);
        let (ecs, eks) = images(&out);
        assert_eq!(ecs, eks, "{env:?}");
        assert!(ecs.len() >= 13, "{env:?}");
        if env.as_deref() == Some("prod") {
            // Prod pins every image by digest, on both targets.
            assert!(ecs.values().all(|i| i.contains("@sha256:")), "{ecs:?}");
        }
    }
    // Staging moves the storefront's tag; the base keeps it.
    let staging = images(&outputs(&text, Some("staging"), &[])).0;
    assert!(staging["storefront/storefront"].ends_with("/storefront:4.3.0-rc.1"));
    let base = images(&outputs(&text, None, &[])).0;
    assert!(base["storefront/storefront"].ends_with("/storefront:4.2.0"));
}

#[test]
fn tag_overrides_replace_tags_and_digests_on_both_targets() {
    let text = std::fs::read_to_string(ESTATE).unwrap();
    let digest = format!("sha256:{}", "0".repeat(64));
    let out = outputs(
        &text,
        Some("prod"),
        &[("storefront", "sha-9f1c2e"), ("cart", &digest)],
    );
    let (ecs, eks) = images(&out);
    assert_eq!(ecs, eks);
    let repo = "123456789012.dkr.ecr.us-east-1.amazonaws.com/estate";
    assert_eq!(
        ecs["storefront/storefront"],
        format!("{repo}/storefront:sha-9f1c2e")
    );
    assert_eq!(ecs["cart/cart"], format!("{repo}/cart@{digest}"));

    // An image naming its own tag loses it to the override.
    let shop = std::fs::read_to_string("examples/shop/twinform.toml").unwrap();
    let (ecs, _) = images(&outputs(&shop, None, &[("api", "9.9.9")]));
    assert!(ecs["api/api"].ends_with("/api:9.9.9"), "{}", ecs["api/api"]);

    // An unknown service is an error, with a suggestion.
    let options = Options {
        tags: BTreeMap::from([("strfront".to_owned(), "1.0.0".to_owned())]),
        ..Default::default()
    };
    let Err(checked) = twinform::synthesize("t.toml", &text, &options) else {
        panic!("an unknown service in --tag must fail");
    };
    let d = &checked.diagnostics[0];
    assert_eq!(d.code.as_str(), "TF052");
    assert!(d.help.iter().any(|h| h.contains("storefront")), "{d:?}");
}

#[test]
fn the_builder_sets_every_new_key() {
    use twinform::builder::{App, FargateSize, Health, Service, Sidecar};
    let digest = format!("sha256:{}", "a".repeat(64));
    let built = App::new("jobs")
        .service(
            Service::new("worker")
                .image("public.ecr.aws/acme/worker")
                .tag("1.0.0")
                .size(FargateSize::new(512, 1024).unwrap())
                .ephemeral_storage_gib(30)
                .health(Health::new().command(&["/app/healthcheck"]).interval(30))
                .sidecar(
                    Sidecar::new(
                        "otel",
                        "public.ecr.aws/aws-observability/aws-otel-collector",
                    )
                    .digest(&digest)
                    .cpu(128)
                    .memory(256)
                    .essential(false)
                    .env("AWS_REGION", "us-east-1")
                    .command(&["--config=/etc/ecs/ecs-default-config.yaml"]),
                ),
        )
        .build();
    let text = format!(
        r#"[app]
name = "jobs"

[services.worker]
image = "public.ecr.aws/acme/worker"
tag = "1.0.0"
cpu = 512
memory = 1024
ephemeral_storage_gib = 30
health = {{ command = ["/app/healthcheck"], interval = 30 }}

[[services.worker.sidecars]]
name = "otel"
image = "public.ecr.aws/aws-observability/aws-otel-collector"
digest = "{digest}"
cpu = 128
memory = 256
essential = false
env = {{ AWS_REGION = "us-east-1" }}
command = ["--config=/etc/ecs/ecs-default-config.yaml"]
"#
    );
    assert_builder_writes(&built, &text);
}
