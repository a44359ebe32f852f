//! Ingress, Services and NetworkPolicies: the same ALB, URLs and reachability as on ECS.

use super::*;
use serde_json::Value;

#[test]
fn ingress_is_as_strict_as_the_ecs_alb() {
    let alb = |annotations: &Value, key: &str| {
        annotations[format!("alb.ingress.kubernetes.io/{key}")].clone()
    };
    for (env, files) in all_outputs() {
        let objects = objects(&files);
        let ingresses = of_kind(&objects, "Ingress");
        assert_eq!(ingresses.len(), 1, "{env}");
        let ingress = ingresses[0];
        let a = &ingress["metadata"]["annotations"];
        assert_eq!(alb(a, "ssl-policy"), twinform::model::SSL_POLICY, "{env}");
        // Deletion protection as the spec asks (prod only), written either way: the controller
        // only sets the keys it is given.
        let protected = env.contains("prod");
        assert_eq!(
            alb(a, "load-balancer-attributes"),
            format!(
                "deletion_protection.enabled={protected},routing.http.drop_invalid_header_fields.enabled=true"
            ),
            "{env}"
        );
        assert_eq!(alb(a, "target-type"), "ip");
        assert_eq!(ingress["spec"]["ingressClassName"], "alb");
        let ports: Value =
            serde_json::from_str(alb(a, "listen-ports").as_str().unwrap_or_default())
                .expect("JSON");
        let text = if env == "prod" || env == "mixed" {
            assert!(
                alb(a, "certificate-arn")
                    .as_str()
                    .is_some_and(|arn| arn.starts_with("arn:aws:acm:"))
            );
            assert_eq!(alb(a, "ssl-redirect"), "443", "{env}");
            serde_json::json!([{"HTTP": 80}, {"HTTPS": 443}])
        } else {
            assert!(
                alb(a, "certificate-arn").is_null() && alb(a, "ssl-redirect").is_null(),
                "{env}"
            );
            serde_json::json!([{"HTTP": 80}])
        };
        assert_eq!(ports, text, "{env}");
    }
    let mixed = objects(&kubernetes_files(MIXED, None));
    let ingress = &of_kind(&mixed, "Ingress")[0]["metadata"]["annotations"];
    assert_eq!(alb(ingress, "scheme"), "internal");
    // `{namespace}.{app}`: the group (one ALB, cluster-wide) is this namespace's alone.
    assert_eq!(alb(ingress, "group.name"), "mixed-prod.mixed");
    let shop = objects(&kubernetes_files(SHOP, None));
    assert_eq!(
        alb(
            &of_kind(&shop, "Ingress")[0]["metadata"]["annotations"],
            "scheme"
        ),
        "internet-facing"
    );
    // Per-service target groups: gRPC speaks gRPC and is healthy on status 0.
    let grpc = &find(&mixed, "Service", "grpc-api")["metadata"]["annotations"];
    assert_eq!(alb(grpc, "backend-protocol-version"), "GRPC");
    assert_eq!(alb(grpc, "success-codes"), "0");
    assert_eq!(
        alb(grpc, "healthcheck-path"),
        "/grpc.health.v1.Health/Check"
    );
    let web = &find(&mixed, "Service", "web")["metadata"]["annotations"];
    assert_eq!(alb(web, "success-codes"), "200-399");
    assert!(alb(web, "backend-protocol-version").is_null());
    assert!(
        find(&mixed, "Service", "cache")["metadata"]["annotations"].is_null(),
        "not routed"
    );
}

#[test]
fn ingress_paths_follow_the_ecs_rule_order() {
    for (text, env) in [(SHOP, None), (SHOP, Some("prod")), (MIXED, None)] {
        let model = model(text, env);
        let mut routes: Vec<_> = model
            .services
            .iter()
            .filter_map(|s| Some((s.route()?, s)))
            .collect();
        routes.sort_by_key(|(r, _)| r.priority);
        let expected: Vec<(String, String, u16)> = routes
            .iter()
            .map(|(r, s)| {
                (
                    r.path.clone(),
                    s.name.clone(),
                    s.server().map_or(0, |s| s.port),
                )
            })
            .collect();
        let objects = objects(&kubernetes_files(text, env));
        let rule = &of_kind(&objects, "Ingress")[0]["spec"]["rules"][0];
        assert_eq!(rule["host"].as_str(), model.ingress.domain.as_deref());
        let paths: Vec<(String, String, u16)> = rule["http"]["paths"]
            .as_array()
            .expect("paths")
            .iter()
            .map(|p| {
                assert_eq!(p["pathType"], "Prefix");
                let backend = &p["backend"]["service"];
                let port = backend["port"]["number"]
                    .as_u64()
                    .and_then(|n| u16::try_from(n).ok())
                    .unwrap_or(0);
                (
                    p["path"].as_str().unwrap_or_default().to_owned(),
                    backend["name"].as_str().unwrap_or_default().to_owned(),
                    port,
                )
            })
            .collect();
        assert_eq!(paths, expected, "{env:?}");
    }
}

#[test]
fn urls_and_ports_match_ecs() {
    for (text, env) in [(SHOP, Some("prod")), (MIXED, None)] {
        let model = model(text, env);
        let objects = objects(&kubernetes_files(text, env));
        for service in &model.services {
            let Some(server) = service.server() else {
                continue;
            };
            let number = server.port;
            let port = &find(&objects, "Service", &service.name)["spec"]["ports"][0];
            assert_eq!(port["port"], number);
            assert_eq!(port["name"], server.port_name.as_str());
            assert_eq!(port["targetPort"], server.port_name.as_str());
            let container = &pod_spec(find(&objects, "Deployment", &service.name))["containers"][0];
            assert_eq!(container["ports"][0]["containerPort"], number);
            assert_eq!(container["ports"][0]["name"], server.port_name.as_str());
            assert_eq!(container["image"], service.image.as_str());
            // In-cluster DNS name `<service>` in the namespace gives `http://<service>:<port>`.
            assert_eq!(
                format!(
                    "http://{}:{}",
                    name(find(&objects, "Service", &service.name)),
                    port["port"]
                ),
                service.url().unwrap_or_default()
            );
        }
    }
}

#[test]
fn network_policies_admit_callers_and_the_alb_only() {
    let model = model(MIXED, None);
    let objects = objects(&kubernetes_files(MIXED, None));
    for service in &model.services {
        let spec = &find(&objects, "NetworkPolicy", &service.name)["spec"];
        assert_eq!(spec["policyTypes"], serde_json::json!(["Ingress"]));
        let rules = spec["ingress"].as_array().expect("ingress rules");
        let port =
            serde_json::json!([{"port": service.server().map(|s| s.port), "protocol": "TCP"}]);
        assert!(rules.iter().all(|r| r["ports"] == port), "{}", service.name);
        let callers: Vec<&str> = rules
            .iter()
            .flat_map(|r| r["from"].as_array().into_iter().flatten())
            .filter_map(|peer| {
                peer["podSelector"]["matchLabels"]["app.kubernetes.io/name"].as_str()
            })
            .collect();
        let expected = service
            .server()
            .map(|s| model.names(&s.callers))
            .unwrap_or_default();
        assert_eq!(callers, expected, "{}", service.name);
        let cidrs: Vec<&str> = rules
            .iter()
            .flat_map(|r| r["from"].as_array().into_iter().flatten())
            .filter_map(|peer| peer["ipBlock"]["cidr"].as_str())
            .collect();
        let expected: Vec<&str> = if service.route().is_some() {
            vec!["10.20.0.0/16"]
        } else {
            vec![]
        };
        assert_eq!(cidrs, expected, "{}", service.name);
    }
    // `cache` is called by `web` only; `web` is reached only through the ALB.
    assert_eq!(
        model
            .services
            .iter()
            .find(|s| s.name == "cache")
            .and_then(|s| s.server())
            .map(|s| model.names(&s.callers)),
        Some(vec!["web"])
    );
}

#[test]
fn an_app_without_routes_has_no_ingress_and_denies_all_ingress() {
    let files = kubernetes_files(BATCH, None);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["kustomization.yaml", "namespace.yaml", "worker.yaml"]
    );
    let objects = objects(&files);
    let policy = &find(&objects, "NetworkPolicy", "worker")["spec"];
    assert_eq!(policy["policyTypes"], serde_json::json!(["Ingress"]));
    assert_eq!(
        policy["ingress"],
        serde_json::json!([]),
        "no rule admits anything"
    );
    assert!(find(&objects, "Service", "worker")["metadata"]["annotations"].is_null());
}

#[test]
fn without_a_known_vpc_cidr_the_alb_port_stays_open() {
    // An existing VPC and no `[kubernetes] vpc_cidr`: the ALB's addresses are unknown, so the
    // routed port admits any source rather than cutting the ALB off; other ports stay closed.
    let text = "[app]\nname = \"edge\"\n[network]\nvpc_id = \"vpc-0123456789abcdef0\"\n\
        public_subnets = [\"subnet-0aaaaaaaaaaaaaaa1\", \"subnet-0aaaaaaaaaaaaaaa2\"]\n\
        private_subnets = [\"subnet-0bbbbbbbbbbbbbbb1\", \"subnet-0bbbbbbbbbbbbbbb2\"]\n\
        [services.web]\nimage = \"public.ecr.aws/acme/web:1.0.0\"\nport = 8080\nroute = \"/\"\n";
    let objects = objects(&kubernetes_files(text, None));
    let policy = &find(&objects, "NetworkPolicy", "web")["spec"];
    assert_eq!(
        policy["ingress"],
        serde_json::json!([{"ports": [{"port": 8080, "protocol": "TCP"}]}])
    );
}
