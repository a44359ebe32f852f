//! Rule: an Argo Rollout with ALB traffic routing names an Ingress whose path for its
//! `rootService` has the backend port `use-annotation`, and that Ingress carries the action
//! annotation `alb.ingress.kubernetes.io/actions.<root>` forwarding to the stable and canary
//! Services (weights summing to 100), both of which exist with the Rollout's `servicePort`. An
//! HPA scales the kind that owns the pods (a Rollout when there is one: Rollouts have the scale
//! subresource). Without the path Argo errors "ingress does not have service"; without the
//! annotation the AWS Load Balancer Controller rejects the backend or answers 503.
//! Sources: <https://argoproj.github.io/argo-rollouts/features/traffic-management/alb/>;
//! <https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/994>;
//! <https://argoproj.github.io/argo-rollouts/features/hpa-support/>.

use super::harness::{Case, annotation, assert_holds, cases};
use serde_json::{Value, json};

fn violations(label: &str, objects: &[(String, Value)]) -> Vec<String> {
    let mut out = Vec::new();
    let find = |kind: &str, name: &str| {
        objects
            .iter()
            .map(|(_, o)| o)
            .find(|o| o["kind"] == kind && o["metadata"]["name"] == name)
    };
    for (_, rollout) in objects.iter().filter(|(_, o)| o["kind"] == "Rollout") {
        let name = rollout["metadata"]["name"].as_str().unwrap_or("");
        let at = |what: String| format!("{label} Rollout/{name}: {what}");
        let canary = &rollout["spec"]["strategy"]["canary"];
        let alb = &canary["trafficRouting"]["alb"];
        let root = alb["rootService"].as_str().unwrap_or("");
        let port = &alb["servicePort"];
        for service in [&canary["stableService"], &canary["canaryService"]] {
            let service = service.as_str().unwrap_or("");
            let ports_match = find("Service", service).is_some_and(|s| {
                s["spec"]["ports"]
                    .as_array()
                    .is_some_and(|p| p.iter().any(|p| &p["port"] == port))
            });
            if !ports_match {
                out.push(at(format!(
                    "Service `{service}` with port {port} is missing"
                )));
            }
        }
        let Some(ingress) = find("Ingress", alb["ingress"].as_str().unwrap_or("")) else {
            out.push(at(format!("Ingress {} is missing", alb["ingress"])));
            continue;
        };
        let backends: Vec<&Value> = ingress["spec"]["rules"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|r| r["http"]["paths"].as_array().into_iter().flatten())
            .map(|p| &p["backend"]["service"])
            .filter(|b| b["name"] == root)
            .collect();
        if backends.is_empty()
            || backends
                .iter()
                .any(|b| b["port"] != json!({"name": "use-annotation"}))
        {
            out.push(at(format!(
                "Ingress backends of `{root}` are {backends:?}, not `use-annotation`"
            )));
        }
        let action: Option<Value> = annotation(
            ingress,
            &format!("alb.ingress.kubernetes.io/actions.{root}"),
        )
        .and_then(|a| serde_json::from_str(a).ok());
        let groups = action
            .as_ref()
            .and_then(|a| a["ForwardConfig"]["TargetGroups"].as_array().cloned())
            .unwrap_or_default();
        let names: Vec<&str> = groups
            .iter()
            .filter_map(|g| g["ServiceName"].as_str())
            .collect();
        let total: u64 = groups.iter().filter_map(|g| g["Weight"].as_u64()).sum();
        let stable = canary["stableService"].as_str().unwrap_or("");
        let canary_service = canary["canaryService"].as_str().unwrap_or("");
        if total != 100 || !names.contains(&stable) || !names.contains(&canary_service) {
            out.push(at(format!("action annotation of `{root}` is {action:?}")));
        }
    }
    for (_, hpa) in objects
        .iter()
        .filter(|(_, o)| o["kind"] == "HorizontalPodAutoscaler")
    {
        let target = &hpa["spec"]["scaleTargetRef"];
        let kind = target["kind"].as_str().unwrap_or("");
        if find(kind, target["name"].as_str().unwrap_or("")).is_none() {
            out.push(format!(
                "{label} HPA {}: scales a missing {kind}",
                hpa["metadata"]["name"]
            ));
        }
    }
    out
}

#[test]
fn rollouts_route_through_annotated_ingress_backends() {
    assert_holds(
        "Rollout ingress backends",
        cases().flat_map(|c| violations(&c.label(), &c.objects)),
    );
    assert!(
        cases().any(|c: &Case| c.objects_of("Rollout").next().is_some()),
        "no case has a Rollout: the rule checks nothing"
    );
}

#[test]
fn a_numbered_backend_a_missing_action_and_an_hpa_on_a_deployment_are_reported() {
    let case = cases()
        .find(|c| c.spec == "strategies" && c.env.is_none())
        .expect("the strategies example");
    let mut objects = case.objects.clone();
    for (_, object) in &mut objects {
        if object["kind"] == "Ingress" {
            let annotations = object["metadata"]["annotations"]
                .as_object_mut()
                .expect("annotations");
            annotations.remove("alb.ingress.kubernetes.io/actions.cart");
        }
        if object["kind"] == "HorizontalPodAutoscaler" && object["metadata"]["name"] == "orders" {
            object["spec"]["scaleTargetRef"]["kind"] = json!("Deployment");
        }
    }
    let found = violations("planted", &objects);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].contains("Rollout/cart"), "{found:#?}");
}
