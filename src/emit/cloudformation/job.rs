//! Per job: the service code's log group, roles, task definition and security group, plus an
//! EventBridge Scheduler schedule that runs the task on the cluster and the role it runs with.
//!
//! Sources: <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-scheduler-schedule.html>,
//! <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/CWE_IAM_role.html> (RunTask,
//! PassRole on both roles, TagResource for the tags RunTask adds).

use super::ids::{Ids, ServiceResource};
use super::intrinsic::{Expr, Pseudo};
use super::resources::ecs::{CapacityProviderStrategyItem, FARGATE, FARGATE_SPOT};
use super::resources::iam::{InlinePolicy, PolicyDocument, Principal, Role, Statement};
use super::resources::scheduler::{
    AwsVpcConfiguration, EcsParameters, FlexibleTimeWindow, NetworkConfiguration, RetryPolicy,
    Schedule, Target,
};
use super::scope::Scope;
use super::service;
use super::template::{Template, tags};
use crate::model::{AppIam, Job, Model, STARTING_DEADLINE_SECONDS};

/// `arn:…:task-definition/FAMILY:*` of a task definition's `Ref` (which carries the revision):
/// every update registers a new revision, and a run the old schedule starts during the update
/// must still be allowed.
fn task_definition_family(task_definition: Expr) -> Expr {
    let parts = Box::new(Expr::Split(":", Box::new(task_definition)));
    let mut elements: Vec<Expr> = (0..6).map(|i| Expr::Select(i, parts.clone())).collect();
    elements.push(Expr::from("*"));
    Expr::Join(":", elements)
}

/// The role EventBridge Scheduler assumes (for this account only) to start the job's task:
/// `ecs:RunTask` on its task definition in its cluster, `iam:PassRole` on its execution and
/// task roles, and `ecs:TagResource` for the tags RunTask puts on the task (required since
/// ECS's 2023 tagging authorization).
pub fn scheduler_role(model: &Model, job: &Job, cluster_arn: &Expr) -> Role {
    let ids = Ids(&job.task);
    let task_role = match &job.task.iam {
        Some(AppIam::Role(arn)) => Expr::from(arn),
        _ => ids.of(ServiceResource::TaskRole).get_att("Arn"),
    };
    let run = Statement::allow(
        vec!["ecs:RunTask"],
        vec![task_definition_family(
            ids.of(ServiceResource::TaskDefinition).r#ref(),
        )],
    )
    .when("ArnEquals", "ecs:cluster", cluster_arn.clone());
    let pass = Statement::allow(
        vec!["iam:PassRole"],
        vec![
            ids.of(ServiceResource::ExecutionRole).get_att("Arn"),
            task_role,
        ],
    )
    .when(
        "StringEquals",
        "iam:PassedToService",
        Expr::from("ecs-tasks.amazonaws.com"),
    );
    let tag = Statement::allow(
        vec!["ecs:TagResource"],
        vec![Expr::arn("ecs:${AWS::Region}:${AWS::AccountId}:task/*")],
    )
    .when("StringEquals", "ecs:CreateAction", Expr::from("RunTask"));
    Role {
        assume_role_policy_document: PolicyDocument::new(vec![
            Statement::allow_principal(
                "SchedulerAssumeRole",
                Principal::service("scheduler.amazonaws.com"),
                vec!["sts:AssumeRole"],
            )
            .when(
                "StringEquals",
                "aws:SourceAccount",
                Expr::Pseudo(Pseudo::AccountId),
            ),
        ]),
        description: format!("EventBridge Scheduler role running the job {}", job.name()),
        managed_policy_arns: Vec::new(),
        policies: vec![InlinePolicy {
            policy_name: "run-task",
            policy_document: PolicyDocument::new(vec![run, pass, tag]),
        }],
        role_name: None,
        tags: tags(&model.app.tags, &[]),
    }
}

/// Every resource of one job (always in the template that holds the cluster and network).
pub fn emit(model: &Model, job: &Job, scope: &Scope<'_>, t: &mut Template) {
    let task = &job.task;
    let ids = Ids(task);
    service::emit_task(model, task, scope, t);
    t.add(
        &ids.of(ServiceResource::SecurityGroup),
        service::security_group(model, task, scope.vpc_id()),
    );
    let cluster_arn = Expr::arn(&format!(
        "ecs:${{AWS::Region}}:${{AWS::AccountId}}:cluster/{}",
        scope.cluster_in_sub()
    ));
    let role = ids.of(ServiceResource::SchedulerRole);
    let role_resource = scheduler_role(model, job, &cluster_arn);
    t.add(&role, role_resource);
    let public = model.network.tasks_in_public_subnets();
    let schedule = ids.of(ServiceResource::Schedule);
    t.add(
        &schedule,
        super::template::Resource::from(Schedule {
            description: format!(
                "{} job {}: {}",
                model.app.name,
                job.name(),
                job.schedule_text
            ),
            // Runs at the scheduled minute, as the CronJob does.
            flexible_time_window: FlexibleTimeWindow { mode: "OFF" },
            schedule_expression: job.schedule.eventbridge(),
            schedule_expression_timezone: job.timezone.clone(),
            state: "ENABLED",
            target: Target {
                arn: cluster_arn,
                ecs_parameters: EcsParameters {
                    capacity_provider_strategy: vec![CapacityProviderStrategyItem {
                        capacity_provider: if task.spot { FARGATE_SPOT } else { FARGATE },
                        weight: 1,
                    }],
                    enable_ecs_managed_tags: true,
                    network_configuration: NetworkConfiguration {
                        awsvpc_configuration: AwsVpcConfiguration {
                            // Without NAT, tasks reach registries and AWS APIs through a public IP.
                            assign_public_ip: if public { "ENABLED" } else { "DISABLED" },
                            security_groups: vec![scope.group_id(task)],
                            subnets: scope.task_subnets(public),
                        },
                    },
                    propagate_tags: "TASK_DEFINITION",
                    task_count: 1,
                    task_definition_arn: ids.of(ServiceResource::TaskDefinition).r#ref(),
                },
                // A run that could not start is retried within the CronJob's starting deadline.
                retry_policy: RetryPolicy {
                    maximum_event_age_in_seconds: STARTING_DEADLINE_SECONDS,
                    maximum_retry_attempts: job.retries,
                },
                role_arn: role.get_att("Arn"),
            },
        })
        // A run before the subnets' routes exist could not pull its image.
        .depends_on(scope.egress(public)),
    );
}
