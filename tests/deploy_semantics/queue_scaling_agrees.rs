//! Rule: a worker scaled on an SQS queue scales alike on both targets and can read its queue.
//! ECS tracks visible messages ÷ running tasks with metric math (`AWS/SQS
//! ApproximateNumberOfMessagesVisible` by `QueueName`, `ECS/ContainerInsights RunningTaskCount`
//! by `ClusterName` + `ServiceName`, which needs Container Insights on the cluster) at
//! `messages_per_task`; KEDA's `aws-sqs-queue` trigger polls the same queue (URL, Region) at
//! `queueLength` = the same number, counting visible messages only (`scaleOnInFlight: "false"`),
//! between the same bounds, and no HPA of twinform's competes with KEDA's. Both roles hold the
//! consumer's actions on the queue, and the IRSA role trusts KEDA's operator, which assumes it
//! (`identityOwner: workload`). `min` is at least 1 (no scale-out from 0 tasks on ECS).
//! Sources: <https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html>;
//! <https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html>
//! (no scaling on missing data points);
//! <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cloudwatch-container-insights.html>;
//! <https://keda.sh/docs/latest/scalers/aws-sqs/>; <https://keda.sh/docs/2.16/authentication-providers/aws/>.

use super::harness::{Case, assert_holds, cases, inline_statements};
use serde_json::Value;
use twinform::model::{Scaling, Service};
use twinform::policy::{KEDA_OPERATOR_SUBJECT, SQS_CONSUMER_ACTIONS};

fn resource<'a>(case: &'a Case, id: &str) -> Option<&'a Value> {
    case.resources()
        .find(|(_, i, _)| *i == id)
        .map(|(_, _, r)| r)
}

fn object<'a>(objects: &'a [(String, Value)], kind: &str, name: &str) -> Option<&'a Value> {
    objects
        .iter()
        .map(|(_, o)| o)
        .find(|o| o["kind"] == kind && o["metadata"]["name"] == name)
}

/// Whether a role's inline policies allow every consumer action on `arn`.
fn consumes(role: &Value, arn: &str) -> bool {
    let statements: Vec<&Value> = inline_statements(role)
        .filter(|s| {
            s["Resource"]
                .as_array()
                .is_some_and(|r| r.iter().any(|r| r == arn))
        })
        .collect();
    SQS_CONSUMER_ACTIONS.iter().all(|action| {
        statements.iter().any(|s| {
            s["Action"]
                .as_array()
                .is_some_and(|a| a.iter().any(|a| a == action))
        })
    })
}

fn violations(case: &Case, objects: &[(String, Value)]) -> Vec<String> {
    let mut out = Vec::new();
    let workers = case.model.services.iter().filter_map(|s| match &s.scaling {
        Scaling::Auto(a) => a.queue.as_ref().map(|q| (s, a, q)),
        Scaling::Fixed(_) => None,
    });
    for (service, autoscale, queue) in workers {
        let Service {
            name, logical_id, ..
        } = service;
        let mut bad = |what: String| out.push(format!("{} `{name}`: {what}", case.label()));
        if autoscale.min < 1 {
            bad("min below 1: ECS cannot scale out from 0 on backlog per task".into());
        }
        // ECS.
        let policy = resource(case, &format!("{logical_id}QueueScalingPolicy"));
        let config = policy.map(|p| &p["Properties"]["TargetTrackingScalingPolicyConfiguration"]);
        let metrics = config
            .and_then(|c| c["CustomizedMetricSpecification"]["Metrics"].as_array())
            .cloned()
            .unwrap_or_default();
        let stat = |namespace: &str, metric: &str| {
            metrics.iter().find(|m| {
                m["MetricStat"]["Metric"]["Namespace"] == namespace
                    && m["MetricStat"]["Metric"]["MetricName"] == metric
            })
        };
        let dimension = |m: Option<&Value>, key: &str| {
            m.and_then(|m| m["MetricStat"]["Metric"]["Dimensions"].as_array())
                .and_then(|d| d.iter().find(|d| d["Name"] == key))
                .map(|d| d["Value"].clone())
        };
        let messages = stat("AWS/SQS", "ApproximateNumberOfMessagesVisible");
        let tasks = stat("ECS/ContainerInsights", "RunningTaskCount");
        if dimension(messages, "QueueName")
            .as_ref()
            .and_then(Value::as_str)
            != Some(&queue.name)
        {
            bad(format!(
                "no visible-messages metric of queue `{}`",
                queue.name
            ));
        }
        if dimension(tasks, "ClusterName").is_none() || dimension(tasks, "ServiceName").is_none() {
            bad("no RunningTaskCount of the service".into());
        }
        let ecs_target = config.and_then(|c| c["TargetValue"].as_u64());
        let scalable = resource(case, &format!("{logical_id}ScalableTarget"));
        let ecs_bounds = scalable.map(|t| {
            (
                t["Properties"]["MinCapacity"].as_u64(),
                t["Properties"]["MaxCapacity"].as_u64(),
            )
        });
        // Container Insights on the cluster twinform creates (an existing one is TF136's).
        if case.model.ecs.existing_cluster.is_none() {
            let insights = case.resources_of("AWS::ECS::Cluster").any(|(_, _, c)| {
                c["Properties"]["ClusterSettings"]
                    .as_array()
                    .is_some_and(|s| {
                        s.iter().any(|s| {
                            s["Name"] == "containerInsights"
                                && (s["Value"] == "enabled" || s["Value"] == "enhanced")
                        })
                    })
            });
            if !insights {
                bad("the cluster has no Container Insights: RunningTaskCount has no data".into());
            }
        }
        // EKS.
        if object(objects, "HorizontalPodAutoscaler", name).is_some() {
            bad("an HPA competes with KEDA's".into());
        }
        let Some(scaled) = object(objects, "ScaledObject", name) else {
            bad("no ScaledObject".into());
            continue;
        };
        let spec = &scaled["spec"];
        let trigger = spec["triggers"]
            .as_array()
            .and_then(|t| t.iter().find(|t| t["type"] == "aws-sqs-queue"));
        let meta = |key: &str| {
            trigger
                .and_then(|t| t["metadata"][key].as_str())
                .map(str::to_owned)
        };
        let keda_target = meta("queueLength").and_then(|v| v.parse::<u64>().ok());
        if ecs_target.is_none() || ecs_target != keda_target {
            bad(format!(
                "ECS tracks {ecs_target:?} messages per task, KEDA {keda_target:?}"
            ));
        }
        let keda_bounds = (
            spec["minReplicaCount"].as_u64(),
            spec["maxReplicaCount"].as_u64(),
        );
        if ecs_bounds != Some(keda_bounds) {
            bad(format!(
                "bounds differ: ECS {ecs_bounds:?}, KEDA {keda_bounds:?}"
            ));
        }
        let expected_url = format!(
            "https://sqs.{}.amazonaws.com/{}/{}",
            queue.region, queue.account, queue.name
        );
        if meta("queueURL").as_deref() != Some(expected_url.as_str())
            || meta("awsRegion").as_deref() != Some(queue.region.as_str())
        {
            bad("KEDA polls another queue than ECS measures".into());
        }
        if meta("scaleOnInFlight").as_deref() != Some("false") {
            bad("KEDA counts in-flight messages, ECS visible ones only".into());
        }
        let auth = trigger.and_then(|t| t["authenticationRef"]["name"].as_str());
        let identity = auth
            .and_then(|a| object(objects, "TriggerAuthentication", a))
            .map(|a| &a["spec"]["podIdentity"]);
        if identity.is_none_or(|i| i["provider"] != "aws" || i["identityOwner"] != "workload") {
            bad("KEDA does not read the queue as the workload's role".into());
        }
        // Permissions on both roles, and KEDA's trust in the IRSA role.
        if resource(case, &format!("{logical_id}TaskRole")).is_none_or(|r| !consumes(r, &queue.arn))
        {
            bad("the task role cannot consume the queue".into());
        }
        if let Some(irsa) = resource(case, &format!("{logical_id}IrsaRole")) {
            if !consumes(irsa, &queue.arn) {
                bad("the IRSA role cannot consume the queue".into());
            }
            let trusts_keda = irsa["Properties"]["AssumeRolePolicyDocument"]["Statement"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|s| {
                    s["Condition"]["StringEquals"]
                        .as_object()
                        .into_iter()
                        .flatten()
                })
                .any(|(k, v)| k.ends_with(":sub") && v == KEDA_OPERATOR_SUBJECT);
            if !trusts_keda {
                bad("the IRSA role does not trust KEDA's operator".into());
            }
        }
    }
    out
}

fn queue_cases() -> impl Iterator<Item = &'static Case> {
    cases().filter(|c| c.model.services.iter().any(|s| s.scaling.queue().is_some()))
}

#[test]
fn queue_workers_scale_alike_and_read_their_queue() {
    assert_holds(
        "queue scaling agrees",
        cases().flat_map(|c| violations(c, &c.objects)),
    );
    assert!(
        queue_cases().any(|c| c.resources().any(|(_, id, _)| id.ends_with("IrsaRole"))),
        "no case scales on a queue with an IRSA role: the rule checks nothing"
    );
}

#[test]
fn a_keda_target_unlike_the_ecs_one_is_reported() {
    let case = queue_cases().next().expect("a queue worker");
    let mut objects = case.objects.clone();
    let scaled = objects
        .iter_mut()
        .map(|(_, o)| o)
        .find(|o| o["kind"] == "ScaledObject")
        .expect("a ScaledObject");
    scaled["spec"]["triggers"][0]["metadata"]["queueLength"] = Value::from("999");
    scaled["spec"]["minReplicaCount"] = Value::from(0);
    let found = violations(case, &objects);
    assert_eq!(found.len(), 2, "{found:#?}");
}
