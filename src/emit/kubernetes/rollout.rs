//! Argo Rollouts for a blue/green, canary or linear service: a `Rollout` replacing the
//! Deployment, a `<name>-canary` Service beside the stable `<name>`, and the Ingress action the
//! controller re-weights. Every strategy is an Argo *canary* with ALB traffic routing, blue-green
//! too: Argo's `blueGreen` flips Service selectors instead of ALB weights, so it cannot hold
//! the old revision behind the load balancer for the bake as ECS does.
//! <https://argoproj.github.io/argo-rollouts/features/traffic-management/alb/>

use super::labels;
use super::networking::ALB;
use super::workload::pod_spec;
use crate::model::{Deploy, Model, Route, Scaling, Service};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use serde::Serialize;
use std::collections::BTreeMap;

pub const ROLLOUT_API_VERSION: &str = "argoproj.io/v1alpha1";
pub const ROLLOUT_KIND: &str = "Rollout";
/// The Ingress backend port that tells the AWS Load Balancer Controller to read the action
/// annotation of the backend's name instead.
pub const USE_ANNOTATION: &str = "use-annotation";

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rollout {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub metadata: ObjectMeta,
    pub spec: RolloutSpec,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RolloutSpec {
    /// Absent when autoscaled, as on a Deployment: the HPA owns the count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    pub selector: LabelSelector,
    pub template: PodTemplateSpec,
    pub strategy: RolloutStrategy,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RolloutStrategy {
    pub canary: Canary,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Canary {
    pub stable_service: String,
    pub canary_service: String,
    pub traffic_routing: TrafficRouting,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrafficRouting {
    pub alb: AlbRouting,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AlbRouting {
    pub ingress: String,
    pub service_port: i32,
    pub root_service: String,
}

/// One canary step; only the kinds twinform writes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Step {
    /// The new ReplicaSet's size as a share of `replicas`.
    SetCanaryScale { weight: i32 },
    /// The new revision's share of the ALB traffic.
    SetWeight(i32),
    Pause { duration: String },
}

/// The name of the canary Service (TF084 keeps it free).
pub fn canary_service_name(service: &Service) -> String {
    format!("{}-canary", service.name)
}

/// The steps of a schedule, exactly: the new revision at full size before any traffic (as
/// ECS's green), then each shift and its wait; a wait of 0 is no pause.
pub fn steps(deploy: Deploy) -> Vec<Step> {
    let mut steps = vec![Step::SetCanaryScale { weight: 100 }];
    for (percent, minutes) in deploy.schedule() {
        steps.push(Step::SetWeight(i32::try_from(percent).unwrap_or(100)));
        if minutes > 0 {
            steps.push(Step::Pause {
                duration: format!("{minutes}m"),
            });
        }
    }
    steps
}

pub fn rollout(model: &Model, service: &Service, route: &Route, ingress: &str, port: u16) -> Rollout {
    let replicas = match &service.scaling {
        Scaling::Fixed(n) => Some(i32::try_from(*n).unwrap_or(i32::MAX)),
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
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Action {
        #[serde(rename = "Type")]
        kind: &'static str,
        forward_config: ForwardConfig,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct ForwardConfig {
        target_groups: Vec<Group>,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Group {
        service_name: String,
        service_port: String,
        weight: u32,
    }
    let group = |name: String, weight| Group {
        service_name: name,
        service_port: port.to_string(),
        weight,
    };
    let action = Action {
        kind: "forward",
        forward_config: ForwardConfig {
            target_groups: vec![
                group(canary_service_name(service), 0),
                group(service.name.clone(), 100),
            ],
        },
    };
    (
        format!("{ALB}actions.{}", service.name),
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
