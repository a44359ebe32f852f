//! HorizontalPodAutoscaler and PodDisruptionBudget: the same counts as on ECS.
//!
//! The HPA targets the same average CPU and memory utilization as the ECS target-tracking
//! policies, with the same bounds. ECS's `requests_per_target` (ALB requests per target) has no
//! Kubernetes metric without a custom-metrics adapter; when it is the only target, the HPA
//! scales on CPU at [`FALLBACK_CPU_PERCENT`] — the HPA's own default, written out so it is
//! visible. `check` is to warn about that (issue 5).

use super::container::i32_of;
use super::labels;
use crate::model::{self, Autoscale, Model, Scaling, Service};
use k8s_openapi::api::autoscaling::v2::{
    CrossVersionObjectReference, HPAScalingPolicy, HPAScalingRules, HorizontalPodAutoscaler,
    HorizontalPodAutoscalerBehavior, HorizontalPodAutoscalerSpec, MetricSpec, MetricTarget,
    ResourceMetricSource,
};
use k8s_openapi::api::policy::v1::{PodDisruptionBudget, PodDisruptionBudgetSpec};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

pub const FALLBACK_CPU_PERCENT: u32 = 80;

fn utilization(resource: &str, percent: u32) -> MetricSpec {
    MetricSpec {
        type_: "Resource".to_owned(),
        resource: Some(ResourceMetricSource {
            name: resource.to_owned(),
            target: MetricTarget {
                type_: "Utilization".to_owned(),
                average_utilization: Some(i32_of(percent)),
                ..Default::default()
            },
        }),
        ..Default::default()
    }
}

fn policy(type_: &str, value: i32, period_seconds: u32) -> HPAScalingPolicy {
    HPAScalingPolicy {
        type_: type_.to_owned(),
        value,
        period_seconds: i32_of(period_seconds),
    }
}

/// Explicit, because the API documents two different defaults for scale-up. Scale-up may
/// double or add 4 pods (whichever is more) once per ECS scale-out cooldown; scale-down waits
/// for the ECS scale-in cooldown of lower recommendations and then removes at most half the
/// pods per minute.
pub(super) fn behavior() -> HorizontalPodAutoscalerBehavior {
    HorizontalPodAutoscalerBehavior {
        scale_up: Some(HPAScalingRules {
            stabilization_window_seconds: Some(0),
            select_policy: Some("Max".to_owned()),
            policies: Some(vec![
                policy("Percent", 100, model::SCALE_OUT_COOLDOWN_SECONDS),
                policy("Pods", 4, model::SCALE_OUT_COOLDOWN_SECONDS),
            ]),
            ..Default::default()
        }),
        scale_down: Some(HPAScalingRules {
            stabilization_window_seconds: Some(i32_of(model::SCALE_IN_COOLDOWN_SECONDS)),
            select_policy: Some("Max".to_owned()),
            policies: Some(vec![policy("Percent", 50, 60)]),
            ..Default::default()
        }),
    }
}

fn metrics(autoscale: &Autoscale) -> Vec<MetricSpec> {
    let mut metrics: Vec<MetricSpec> = [
        ("cpu", autoscale.cpu_percent),
        ("memory", autoscale.memory_percent),
    ]
    .into_iter()
    .filter_map(|(resource, percent)| percent.map(|p| utilization(resource, p)))
    .collect();
    if metrics.is_empty() {
        metrics.push(utilization("cpu", FALLBACK_CPU_PERCENT));
    }
    metrics
}

pub fn horizontal_pod_autoscaler(
    model: &Model,
    service: &Service,
) -> Option<HorizontalPodAutoscaler> {
    let Scaling::Auto(autoscale) = &service.scaling else {
        return None;
    };
    // KEDA makes the HPA of a queue worker from its ScaledObject.
    if autoscale.queue.is_some() {
        return None;
    }
    Some(HorizontalPodAutoscaler {
        metadata: labels::service_meta(model, service, &service.name),
        spec: Some(HorizontalPodAutoscalerSpec {
            // A Rollout has the scale subresource the HPA needs.
            // https://argoproj.github.io/argo-rollouts/features/hpa-support/
            scale_target_ref: CrossVersionObjectReference {
                api_version: Some(
                    if service.deploy().is_rolling() {
                        "apps/v1"
                    } else {
                        super::crds::ROLLOUT_API_VERSION
                    }
                    .to_owned(),
                ),
                kind: if service.deploy().is_rolling() {
                    "Deployment"
                } else {
                    super::crds::ROLLOUT_KIND
                }
                .to_owned(),
                name: service.name.clone(),
            },
            min_replicas: Some(i32_of(autoscale.min)),
            max_replicas: i32_of(autoscale.max),
            metrics: Some(metrics(autoscale)),
            behavior: Some(behavior()),
        }),
        ..Default::default()
    })
}

/// For services that run 2+ pods: voluntary evictions (Fargate OS patching, node drains) take
/// one pod at a time. `maxUnavailable` rather than `minAvailable`, because EKS needs a budget
/// below 100 % to patch at all; `AlwaysAllow` lets a crash-looping pod be evicted anyway.
pub fn pod_disruption_budget(model: &Model, service: &Service) -> Option<PodDisruptionBudget> {
    if service.scaling.initial() < 2 {
        return None;
    }
    Some(PodDisruptionBudget {
        metadata: labels::service_meta(model, service, &service.name),
        spec: Some(PodDisruptionBudgetSpec {
            max_unavailable: Some(IntOrString::Int(1)),
            selector: Some(labels::selector(model, &service.name)),
            unhealthy_pod_eviction_policy: Some("AlwaysAllow".to_owned()),
            ..Default::default()
        }),
        ..Default::default()
    })
}
