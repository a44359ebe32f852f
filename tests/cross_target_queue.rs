//! A worker scaled on an SQS queue (`autoscale.queue`) is the same system on both targets: the
//! same bounds and messages per task (ECS metric-math target tracking, KEDA `aws-sqs-queue`),
//! the same queue, the same consumer permissions on the task role and the IRSA role; the builder
//! writes the key as the TOML does. Sources in `tests/deploy_semantics/queue_scaling_agrees.rs`.

mod common;

use common::{assert_builder_writes, outputs};
use serde_json::{Value, json};

const SPEC: &str = r#"[app]
name = "jobs"
region = "us-east-1"

[kubernetes]
cluster = "eks"
private_subnets = ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"]
oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/9A8B7C6D5E4F3A2B1C0D9E8F7A6B5C4D"

[services.worker]
image = "public.ecr.aws/acme/worker:1.0.0"
health = { command = ["/app/healthcheck"] }
autoscale = { min = 2, max = 9, cpu = 70, queue = { arn = "arn:aws:sqs:us-east-1:123456789012:jobs", messages_per_task = 15 } }
iam = { statements = [{ actions = ["s3:GetObject"], resources = ["arn:aws:s3:::jobs/*"] }] }
"#;

fn statements(role: &Value) -> Value {
    role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"].clone()
}

#[test]
fn the_same_bounds_target_queue_and_permissions_on_both_targets() {
    let out = outputs(SPEC, None, &[]);
    let target = &out.resources["WorkerScalableTarget"]["Properties"];
    let policy = &out.resources["WorkerQueueScalingPolicy"]["Properties"]["TargetTrackingScalingPolicyConfiguration"];
    let scaled = &out.objects["ScaledObject/worker"]["spec"];
    assert_eq!(target["MinCapacity"], scaled["minReplicaCount"]);
    assert_eq!(target["MaxCapacity"], scaled["maxReplicaCount"]);
    assert_eq!(
        (target["MinCapacity"].clone(), target["MaxCapacity"].clone()),
        (json!(2), json!(9))
    );
    assert_eq!(policy["TargetValue"], json!(15));
    assert_eq!(
        policy["CustomizedMetricSpecification"]["Metrics"][0]["MetricStat"]["Metric"]["Dimensions"]
            [0]["Value"],
        json!("jobs")
    );
    let triggers = scaled["triggers"].as_array().unwrap();
    assert_eq!(triggers[0]["metadata"]["queueLength"], json!("15"));
    assert_eq!(
        triggers[0]["metadata"]["queueURL"],
        json!("https://sqs.us-east-1.amazonaws.com/123456789012/jobs")
    );
    // The CPU target rides along on both: a second ECS policy, a second KEDA trigger.
    let cpu = &out.resources["WorkerCpuScalingPolicy"]["Properties"]["TargetTrackingScalingPolicyConfiguration"]
        ["TargetValue"];
    assert_eq!(cpu, &json!(70));
    assert_eq!(
        triggers[1],
        json!({"type": "cpu", "metricType": "Utilization", "metadata": {"value": "70"}})
    );
    // KEDA makes the HPA; none of twinform's competes with it.
    assert!(!out.objects.contains_key("HorizontalPodAutoscaler/worker"));
    assert_eq!(
        out.objects["TriggerAuthentication/worker"]["spec"]["podIdentity"],
        json!({"provider": "aws", "identityOwner": "workload"})
    );
    // The app's own statement and the consumer's, the same on both roles.
    let task = statements(&out.resources["WorkerTaskRole"]);
    let irsa = statements(&out.eks_resources["WorkerIrsaRole"]);
    assert_eq!(task, irsa);
    assert_eq!(
        task[1],
        json!({"Effect": "Allow", "Action": ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"], "Resource": ["arn:aws:sqs:us-east-1:123456789012:jobs"]})
    );
    let trust =
        &out.eks_resources["WorkerIrsaRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"];
    assert_eq!(trust[1]["Sid"], json!("KedaOperatorAssumeRole"));
}

#[test]
fn a_queue_alone_creates_the_consumer_role_on_both_targets() {
    let spec = SPEC.replace(
        "iam = { statements = [{ actions = [\"s3:GetObject\"], resources = [\"arn:aws:s3:::jobs/*\"] }] }\n",
        "",
    );
    let out = outputs(&spec, None, &[]);
    let task = statements(&out.resources["WorkerTaskRole"]);
    assert_eq!(task, statements(&out.eks_resources["WorkerIrsaRole"]));
    assert_eq!(task.as_array().unwrap().len(), 1);
    let account = &out.objects["ServiceAccount/worker"]["metadata"]["annotations"]["eks.amazonaws.com/role-arn"];
    assert!(
        account.as_str().unwrap().ends_with(":role/eks-jobs-worker"),
        "{account}"
    );
}

#[test]
fn the_builder_writes_the_queue_as_the_toml_does() {
    use twinform::builder::{App, Autoscale, Health, Service};
    let built = App::new("jobs")
        .service(
            Service::new("worker")
                .image("public.ecr.aws/acme/worker:1.0.0")
                .health(Health::new().command(&["/app/healthcheck"]))
                .autoscale(
                    Autoscale::new(1, 4).queue("arn:aws:sqs:us-east-1:123456789012:jobs", 10),
                ),
        )
        .build();
    let text = r#"[app]
name = "jobs"

[services.worker]
image = "public.ecr.aws/acme/worker:1.0.0"
health = { command = ["/app/healthcheck"] }
autoscale = { min = 1, max = 4, queue = { arn = "arn:aws:sqs:us-east-1:123456789012:jobs", messages_per_task = 10 } }
"#;
    assert_builder_writes(&built, text);
}
