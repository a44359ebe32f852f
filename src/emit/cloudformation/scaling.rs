//! Application Auto Scaling for an autoscaled service: a scalable target and one
//! target-tracking policy per metric the spec names.

use super::ids::Ids;
use super::intrinsic::{Expr, LogicalId};
use super::load_balancer;
use super::resources::autoscaling::{
    PredefinedMetric, ScalableTarget, ScalingPolicy, TargetTracking,
};
use super::scope::Scope;
use super::template::Template;
use crate::model::{
    Autoscale, Model, SCALE_IN_COOLDOWN_SECONDS, SCALE_OUT_COOLDOWN_SECONDS, Service,
};

pub fn emit(
    model: &Model,
    service: &Service,
    autoscale: &Autoscale,
    ecs_service: &LogicalId,
    scope: &Scope<'_>,
    t: &mut Template,
) {
    let ids = Ids(service);
    let target = ids.of("ScalableTarget");
    t.add(
        &target,
        ScalableTarget {
            max_capacity: autoscale.max,
            min_capacity: autoscale.min,
            resource_id: Expr::Sub(format!(
                "service/{}/${{{ecs_service}.Name}}",
                scope.cluster_in_sub()
            )),
            scalable_dimension: "ecs:service:DesiredCount",
            service_namespace: "ecs",
        },
    );
    // `app/<lb>/<id>/targetgroup/<tg>/<id>`: only a routed service has one. Asked for only when
    // used, so a child stack declares no load-balancer parameter it does not reference.
    let request_label = service
        .route
        .as_ref()
        .filter(|_| autoscale.requests_per_target.is_some())
        .and_then(|route| scope.load_balancer_full_name(route))
        .map(|load_balancer| {
            Expr::Join(
                "/",
                vec![
                    load_balancer,
                    load_balancer::target_group_id(model, service).get_att("TargetGroupFullName"),
                ],
            )
        });
    let metrics = [
        (
            "Cpu",
            "cpu",
            "ECSServiceAverageCPUUtilization",
            autoscale.cpu_percent,
            None,
        ),
        (
            "Memory",
            "memory",
            "ECSServiceAverageMemoryUtilization",
            autoscale.memory_percent,
            None,
        ),
        (
            "Requests",
            "requests",
            "ALBRequestCountPerTarget",
            autoscale.requests_per_target,
            request_label,
        ),
    ];
    for (kind, name, metric, value, resource_label) in metrics {
        let Some(target_value) = value else { continue };
        if metric == "ALBRequestCountPerTarget" && resource_label.is_none() {
            continue;
        }
        t.add(
            &ids.of(&format!("{kind}ScalingPolicy")),
            ScalingPolicy {
                policy_name: format!("{}-{name}", service.name),
                policy_type: "TargetTrackingScaling",
                scaling_target_id: target.r#ref(),
                target_tracking_scaling_policy_configuration: TargetTracking {
                    predefined_metric_specification: PredefinedMetric {
                        predefined_metric_type: metric,
                        resource_label,
                    },
                    scale_in_cooldown: SCALE_IN_COOLDOWN_SECONDS,
                    scale_out_cooldown: SCALE_OUT_COOLDOWN_SECONDS,
                    target_value,
                },
            },
        );
    }
}
