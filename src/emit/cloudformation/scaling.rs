//! Application Auto Scaling for an autoscaled service: a scalable target and one
//! target-tracking policy per metric the spec names.

use super::ids::{Ids, ServiceResource};
use super::intrinsic::{Expr, LogicalId};
use super::load_balancer;
use super::resources::autoscaling::{
    PredefinedMetric, ScalableTarget, ScalingPolicy, TargetTracking,
};
use super::scaling_queue;
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
    let target = ids.of(ServiceResource::ScalableTarget);
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
    // One policy per metric the spec names. Requests per target are counted by the target
    // group, so only a routed server has them (TF019); its label is
    // `app/<lb>/<id>/targetgroup/<tg>/<id>`, asked for only when used, so a child stack
    // declares no load-balancer parameter it does not reference.
    let mut policies = Vec::new();
    if let Some(target) = autoscale.cpu_percent {
        policies.push((
            ServiceResource::CpuScalingPolicy,
            "cpu",
            "ECSServiceAverageCPUUtilization",
            target,
            None,
        ));
    }
    if let Some(target) = autoscale.memory_percent {
        policies.push((
            ServiceResource::MemoryScalingPolicy,
            "memory",
            "ECSServiceAverageMemoryUtilization",
            target,
            None,
        ));
    }
    if let (Some(target), Some(route)) = (autoscale.requests_per_target, service.route())
        && let Some(load_balancer) = scope.load_balancer_full_name(route)
    {
        let label = Expr::Join(
            "/",
            vec![
                load_balancer,
                load_balancer::target_group_id(model, service).get_att("TargetGroupFullName"),
            ],
        );
        policies.push((
            ServiceResource::RequestsScalingPolicy,
            "requests",
            "ALBRequestCountPerTarget",
            target,
            Some(label),
        ));
    }
    for (kind, name, metric, target_value, resource_label) in policies {
        t.add(
            &ids.of(kind),
            ScalingPolicy {
                policy_name: format!("{}-{name}", service.name),
                policy_type: "TargetTrackingScaling",
                scaling_target_id: target.r#ref(),
                target_tracking_scaling_policy_configuration: TargetTracking {
                    customized_metric_specification: None,
                    predefined_metric_specification: Some(PredefinedMetric {
                        predefined_metric_type: metric,
                        resource_label,
                    }),
                    scale_in_cooldown: SCALE_IN_COOLDOWN_SECONDS,
                    scale_out_cooldown: SCALE_OUT_COOLDOWN_SECONDS,
                    target_value,
                },
            },
        );
    }
    if let Some(queue) = &autoscale.queue {
        t.add(
            &ids.of(ServiceResource::QueueScalingPolicy),
            scaling_queue::policy(service, queue, ecs_service, &target, scope),
        );
    }
}
