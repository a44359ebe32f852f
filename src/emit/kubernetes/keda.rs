//! KEDA's `ScaledObject` and `TriggerAuthentication` (`keda.sh/v1alpha1`) for a worker scaled on
//! an SQS queue: the `aws-sqs-queue` trigger at the same visible messages per pod as the ECS
//! policy, and CPU/memory triggers at the same utilizations, with the same bounds and the HPA
//! behaviour of every other autoscaled service. KEDA creates the HPA itself, so no
//! HorizontalPodAutoscaler is emitted for such a worker (two on one Deployment fight).
//! KEDA is a cluster prerequisite (README). Sources:
//! https://keda.sh/docs/latest/scalers/aws-sqs/ ;
//! https://keda.sh/docs/2.16/authentication-providers/aws/ ;
//! https://keda.sh/docs/latest/reference/scaledobject-spec/

use super::container::i32_of;
use super::crds::{
    Advanced, AuthenticationRef, HpaConfig, KEDA_API_VERSION, PodIdentity, ScaleTargetRef,
    ScaledObject, ScaledObjectSpec, Trigger, TriggerAuthentication, TriggerAuthenticationSpec,
};
use super::labels;
use super::scaling;
use crate::model::{Model, QueueScaling, Scaling, Service};
use std::collections::BTreeMap;

/// KEDA's default polling interval, in seconds.
pub const POLLING_INTERVAL_SECONDS: i32 = 30;

/// The TriggerAuthentication's name: the service's (one per queue worker, in its file).
pub fn authentication_name(service: &Service) -> String {
    service.name.clone()
}

fn queue_trigger(service: &Service, queue: &QueueScaling) -> Trigger {
    Trigger {
        kind: "aws-sqs-queue",
        metric_type: None,
        metadata: BTreeMap::from([
            ("awsRegion", queue.region.clone()),
            ("queueLength", queue.messages_per_task.to_string()),
            ("queueURL", queue.url()),
            // Visible messages only, as ECS's `ApproximateNumberOfMessagesVisible`: in-flight
            // messages are already being worked on.
            ("scaleOnInFlight", "false".to_owned()),
        ]),
        authentication_ref: Some(AuthenticationRef {
            name: authentication_name(service),
        }),
    }
}

fn utilization_trigger(kind: &'static str, percent: u32) -> Trigger {
    Trigger {
        kind,
        metric_type: Some("Utilization"),
        metadata: BTreeMap::from([("value", percent.to_string())]),
        authentication_ref: None,
    }
}

pub fn scaled_object(model: &Model, service: &Service) -> Option<ScaledObject> {
    let Scaling::Auto(autoscale) = &service.scaling else {
        return None;
    };
    let queue = autoscale.queue.as_ref()?;
    let mut triggers = vec![queue_trigger(service, queue)];
    triggers.extend(autoscale.cpu_percent.map(|p| utilization_trigger("cpu", p)));
    triggers.extend(
        autoscale
            .memory_percent
            .map(|p| utilization_trigger("memory", p)),
    );
    Some(ScaledObject {
        api_version: KEDA_API_VERSION,
        kind: "ScaledObject",
        metadata: labels::service_meta(model, service, &service.name),
        spec: ScaledObjectSpec {
            scale_target_ref: ScaleTargetRef {
                api_version: "apps/v1",
                kind: "Deployment",
                name: service.name.clone(),
            },
            min_replica_count: i32_of(autoscale.min),
            max_replica_count: i32_of(autoscale.max),
            polling_interval: POLLING_INTERVAL_SECONDS,
            advanced: Advanced {
                horizontal_pod_autoscaler_config: HpaConfig {
                    behavior: scaling::behavior(),
                },
            },
            triggers,
        },
    })
}

pub fn trigger_authentication(model: &Model, service: &Service) -> Option<TriggerAuthentication> {
    service.scaling.queue()?;
    Some(TriggerAuthentication {
        api_version: KEDA_API_VERSION,
        kind: "TriggerAuthentication",
        metadata: labels::service_meta(model, service, &authentication_name(service)),
        spec: TriggerAuthenticationSpec {
            pod_identity: PodIdentity {
                provider: "aws",
                identity_owner: "workload",
            },
        },
    })
}
