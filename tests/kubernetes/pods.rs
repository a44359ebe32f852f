//! Deployments, autoscaling, secrets and probes: the same pods as the ECS tasks.

use super::*;
use serde_json::Value;

/// Every shop environment and the mixed-protocol spec.
const POD_CASES: [(&str, Option<&str>); 4] = [
    (SHOP, None),
    (SHOP, Some("dev")),
    (SHOP, Some("prod")),
    (MIXED, None),
];

#[test]
fn pods_are_sized_to_land_on_the_ecs_task_size() {
    for (text, env) in POD_CASES {
        let model = model(text, env);
        let objects = objects(&kubernetes_files(text, env));
        for service in &model.services {
            let resources = &pod_spec(find(&objects, "Deployment", &service.name))["containers"][0]
                ["resources"];
            assert_eq!(
                resources["requests"], resources["limits"],
                "{}: Guaranteed QoS",
                service.name
            );
            let memory = resources["requests"]["memory"].as_str().unwrap_or_default();
            let mib: u32 = memory
                .strip_suffix("Mi")
                .and_then(|m| m.parse().ok())
                .expect("memory in Mi");
            assert_eq!(
                mib + twinform::fargate::EKS_POD_OVERHEAD_MIB,
                service.memory,
                "{}",
                service.name
            );
            let cpu = resources["requests"]["cpu"].as_str().unwrap_or_default();
            let millis: u32 = cpu
                .strip_suffix('m')
                .and_then(|m| m.parse().ok())
                .expect("cpu in m");
            assert_eq!(millis * 1024, service.cpu * 1000, "{}", service.name);
            // The pod's Fargate size (requests + 256 MiB, rounded up) is the spec's own pair.
            let pod =
                twinform::fargate::smallest_at_least(i64::from(service.cpu), i64::from(mib + 256));
            assert_eq!(pod, Some((service.cpu, service.memory)), "{}", service.name);
        }
    }
}

#[test]
fn replica_counts_match_ecs() {
    for (text, env) in POD_CASES {
        let model = model(text, env);
        let objects = objects(&kubernetes_files(text, env));
        for service in &model.services {
            let deployment = find(&objects, "Deployment", &service.name);
            let hpa = of_kind(&objects, "HorizontalPodAutoscaler")
                .into_iter()
                .find(|o| name(o) == service.name);
            let pdb = of_kind(&objects, "PodDisruptionBudget")
                .into_iter()
                .find(|o| name(o) == service.name);
            match &service.scaling {
                twinform::model::Scaling::Fixed(n) => {
                    assert_eq!(deployment["spec"]["replicas"], *n, "{}", service.name);
                    assert!(hpa.is_none());
                }
                twinform::model::Scaling::Auto(a) => {
                    // The HPA owns the count; a `replicas` would reset it on every apply.
                    assert!(deployment["spec"]["replicas"].is_null(), "{}", service.name);
                    let spec = &hpa.expect("an HPA")["spec"];
                    assert_eq!(
                        (&spec["minReplicas"], &spec["maxReplicas"]),
                        (&Value::from(a.min), &Value::from(a.max))
                    );
                    assert_eq!(spec["scaleTargetRef"]["name"], service.name.as_str());
                    assert_eq!(spec["scaleTargetRef"]["kind"], "Deployment");
                    assert!(
                        spec["behavior"]["scaleUp"].is_object()
                            && spec["behavior"]["scaleDown"].is_object()
                    );
                    let metrics = spec["metrics"].as_array().expect("metrics");
                    let target = |resource: &str| {
                        metrics
                            .iter()
                            .find(|m| m["resource"]["name"] == resource)
                            .map(|m| m["resource"]["target"]["averageUtilization"].clone())
                    };
                    assert_eq!(target("memory"), a.memory_percent.map(Value::from));
                    match (a.cpu_percent, a.memory_percent) {
                        (None, None) => {
                            assert_eq!(target("cpu"), Some(Value::from(80)), "fallback")
                        }
                        (cpu, _) => assert_eq!(target("cpu"), cpu.map(Value::from)),
                    }
                }
            }
            let strategy = &deployment["spec"]["strategy"]["rollingUpdate"];
            assert_eq!(
                (&strategy["maxUnavailable"], &strategy["maxSurge"]),
                (&Value::from(0), &Value::from("25%"))
            );
            if service.scaling.initial() >= 2 {
                let spec = &pdb.expect("a PDB")["spec"];
                assert_eq!(spec["maxUnavailable"], 1);
                assert_eq!(spec["unhealthyPodEvictionPolicy"], "AlwaysAllow");
                assert_eq!(spec["selector"], deployment["spec"]["selector"]);
            } else {
                assert!(pdb.is_none(), "{}: one pod needs no budget", service.name);
            }
        }
    }
}

#[test]
fn selectors_are_immutable_labels_and_match_the_pods() {
    for (env, files) in all_outputs() {
        let objects = objects(&files);
        for deployment in of_kind(&objects, "Deployment") {
            let selector = deployment["spec"]["selector"]["matchLabels"]
                .as_object()
                .expect("matchLabels");
            let keys: Vec<&str> = selector.keys().map(String::as_str).collect();
            assert_eq!(
                keys,
                ["app.kubernetes.io/instance", "app.kubernetes.io/name"],
                "{env}"
            );
            let pod_labels = &deployment["spec"]["template"]["metadata"]["labels"];
            assert!(selector.iter().all(|(k, v)| &pod_labels[k] == v));
            let service = find(&objects, "Service", name(deployment));
            assert_eq!(service["spec"]["selector"].as_object(), Some(selector));
            assert_eq!(service["spec"]["type"], "ClusterIP");
            let policy = find(&objects, "NetworkPolicy", name(deployment));
            assert_eq!(
                policy["spec"]["podSelector"]["matchLabels"].as_object(),
                Some(selector)
            );
        }
    }
}

#[test]
fn secrets_come_from_external_secrets_as_env() {
    let mixed = objects(&kubernetes_files(MIXED, None));
    let external = find(&mixed, "ExternalSecret", "grpc-api-secrets");
    assert_eq!(external["apiVersion"], "external-secrets.io/v1");
    assert_eq!(external["metadata"]["namespace"], "mixed-prod");
    let spec = &external["spec"];
    assert_eq!(
        spec["secretStoreRef"],
        serde_json::json!({"name": "sm", "kind": "ClusterSecretStore"})
    );
    assert_eq!(spec["target"]["name"], "grpc-api-secrets");
    assert_eq!(
        spec["data"],
        serde_json::json!([
            {"secretKey": "DB_PASSWORD", "remoteRef": {
                "key": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mixed/db-AbCdEf", "property": "password"}},
            {"secretKey": "DB_URL", "remoteRef": {"key": "/mixed/db-url"},
                "sourceRef": {"storeRef": {"name": "ssm", "kind": "ClusterSecretStore"}}},
        ])
    );
    let env = &pod_spec(find(&mixed, "Deployment", "grpc-api"))["containers"][0]["env"];
    let names: Vec<&str> = env
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert_eq!(names, ["DB_PASSWORD", "DB_URL"]);
    for var in env.as_array().into_iter().flatten() {
        assert_eq!(var["valueFrom"]["secretKeyRef"]["name"], "grpc-api-secrets");
        assert_eq!(var["valueFrom"]["secretKeyRef"]["key"], var["name"]);
    }
    assert!(
        of_kind(&mixed, "ExternalSecret")
            .iter()
            .all(|e| name(e) == "grpc-api-secrets"),
        "only services with secrets"
    );
    // Plain and secret variables together, sorted by name.
    let shop = objects(&kubernetes_files(SHOP, None));
    let env = &pod_spec(find(&shop, "Deployment", "api"))["containers"][0]["env"];
    let names: Vec<&str> = env
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert_eq!(names, ["AUTH_URL", "DB_PASSWORD", "LOG_LEVEL"]);
}

#[test]
fn probes_follow_the_health_check() {
    let model = model(MIXED, None);
    let objects = objects(&kubernetes_files(MIXED, None));
    let container =
        |service: &str| pod_spec(find(&objects, "Deployment", service))["containers"][0].clone();
    for service in &model.services {
        let c = container(&service.name);
        let h = &service.health;
        for probe in ["startupProbe", "readinessProbe", "livenessProbe"] {
            assert_eq!(
                c[probe]["periodSeconds"], h.interval,
                "{} {probe}",
                service.name
            );
            assert_eq!(c[probe]["timeoutSeconds"], h.timeout);
        }
        assert_eq!(c["readinessProbe"]["successThreshold"], h.healthy);
        assert_eq!(c["readinessProbe"]["failureThreshold"], h.unhealthy);
        assert_eq!(c["livenessProbe"]["successThreshold"], 1);
        assert_eq!(c["startupProbe"]["successThreshold"], 1);
        let startup = c["startupProbe"]["failureThreshold"]
            .as_u64()
            .unwrap_or_default();
        assert!(
            startup * u64::from(h.interval) >= u64::from(h.grace),
            "{}: startup covers grace",
            service.name
        );
        assert!(startup >= u64::from(h.unhealthy));
    }
    // grace 95 s at 10 s: ten periods; grace 0: as patient as liveness.
    assert_eq!(
        container("grpc-api")["startupProbe"]["failureThreshold"],
        10
    );
    assert_eq!(
        container("web")["startupProbe"]["failureThreshold"],
        container("web")["livenessProbe"]["failureThreshold"]
    );
    assert_eq!(
        container("web")["livenessProbe"]["httpGet"],
        serde_json::json!({"path": "/healthz", "port": "http"})
    );
    assert_eq!(
        container("grpc-api")["livenessProbe"]["grpc"],
        serde_json::json!({"port": 50051})
    );
    assert_eq!(
        container("cache")["livenessProbe"]["tcpSocket"],
        serde_json::json!({"port": "tcp"})
    );
    // ECS `Command` replaces the image's CMD: Kubernetes `args`, not `command`.
    assert_eq!(
        container("web")["args"],
        serde_json::json!(["serve", "--port", "8080"])
    );
    assert!(container("web")["command"].is_null());
}
