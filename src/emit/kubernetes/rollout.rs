//! Argo Rollouts for a blue/green, canary or linear service: a `Rollout` replacing the
//! Deployment, a `<name>-canary` Service beside the stable `<name>`, and the Ingress action the
//! controller re-weights. Every strategy is an Argo *canary* with ALB traffic routing, blue-green
//! too: Argo's `blueGreen` flips Service selectors instead of ALB weights, so it cannot hold
//! the old revision behind the load balancer for the bake as ECS does.
//! <https://argoproj.github.io/argo-rollouts/features/traffic-management/alb/>

use super::container::i32_of;
use super::crds::{
    AlbAction, AlbForwardConfig, AlbRouting, AlbTargetGroup, Canary, ROLLOUT_API_VERSION,
    ROLLOUT_KIND, Rollout, RolloutSpec, RolloutStrategy, Step, TrafficRouting,
};
use super::labels;
use super::workload::pod_spec;
use crate::model::{Deploy, Model, Route, Scaling, Service};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::BTreeMap;

/// The AWS Load Balancer Controller's action annotation of a `use-annotation` backend.
const ACTIONS: &str = "alb.ingress.kubernetes.io/actions.";

/// The name of the canary Service (TF084 keeps it free).
pub fn canary_service_name(service: &Service) -> String {
    format!("{}-canary", service.name)
}

/// The steps of a schedule, exactly: the new revision at full size before any traffic (as
/// ECS's green), then each shift and its wait; a wait of 0 is no pause.
pub fn steps(deploy: Deploy) -> Vec<Step> {
    let mut steps = vec![Step::SetCanaryScale { weight: 100 }];
    for (percent, minutes) in deploy.schedule() {
        steps.push(Step::SetWeight(i32_of(percent)));
        if minutes > 0 {
            steps.push(Step::Pause {
                duration: format!("{minutes}m"),
            });
        }
    }
    steps
}

pub fn rollout(
    model: &Model,
    service: &Service,
    route: &Route,
    ingress: &str,
    port: u16,
) -> Rollout {
    let replicas = match &service.scaling {
        Scaling::Fixed(n) => Some(i32_of(*n)),
        Scaling::Auto(_) => None,
    };
    Rollout {
        api_version: ROLLOUT_API_VERSION,
        kind: ROLLOUT_KIND,
        metadata: labels::service_meta(model, service, &service.name),
        spec: RolloutSpec {
            replicas,
            selector: labels::selector(model, &service.name),
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta {
                    labels: Some(labels::service_labels(model, service)),
                    ..Default::default()
                }),
                spec: Some(pod_spec(service)),
            },
            strategy: RolloutStrategy {
                canary: Canary {
                    stable_service: service.name.clone(),
                    canary_service: canary_service_name(service),
                    traffic_routing: TrafficRouting {
                        alb: AlbRouting {
                            ingress: ingress.to_owned(),
                            service_port: i32::from(port),
                            root_service: service.name.clone(),
                        },
                    },
                    steps: steps(route.deploy),
                },
            },
        },
    }
}

/// `alb.ingress.kubernetes.io/actions.<name>`: all traffic on the stable Service until Argo
/// re-weights it. Written here because the controller answers a `use-annotation` backend
/// without its action with an error or a fixed 503 (aws-load-balancer-controller#994).
pub fn action_annotation(service: &Service, port: u16) -> (String, String) {
    let group = |name: String, weight| AlbTargetGroup {
        service_name: name,
        service_port: port.to_string(),
        weight,
    };
    let action = AlbAction {
        kind: "forward",
        forward_config: AlbForwardConfig {
            target_groups: vec![
                group(canary_service_name(service), 0),
                group(service.name.clone(), 100),
            ],
        },
    };
    (
        format!("{ACTIONS}{}", service.name),
        // Plain structs of strings and numbers always serialize.
        serde_json::to_string(&action).unwrap_or_default(), // tidy: not model data
    )
}

/// The annotations of every non-rolling service routed on one Ingress.
pub fn action_annotations<'a>(
    routed: impl Iterator<Item = (&'a Service, &'a Route, u16)>,
) -> BTreeMap<String, String> {
    routed
        .filter(|(_, route, _)| !route.deploy.is_rolling())
        .map(|(service, _, port)| action_annotation(service, port))
        .collect()
}
