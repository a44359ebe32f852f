//! The table of parity exceptions: every way a spec can make ECS and EKS run a service
//! differently, with the reason and the source. It is the one home of these facts: `parity`
//! reports from it, `--strict-parity` refuses from it, and `tests/parity_complete.rs` fails when
//! a spec key reaches one target only without an entry here or in [`TARGET_ONLY`].

use crate::diag::Code;
use serde::Serialize;

/// What a difference is about, for grouping in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Aspect {
    Sizes,
    Scaling,
    Health,
    Networking,
    Secrets,
    Permissions,
    Deployment,
    Schedule,
    Output,
}

impl Aspect {
    pub fn as_str(self) -> &'static str {
        match self {
            Aspect::Sizes => "sizes",
            Aspect::Scaling => "scaling",
            Aspect::Health => "health",
            Aspect::Networking => "networking",
            Aspect::Secrets => "secrets",
            Aspect::Permissions => "permissions",
            Aspect::Deployment => "deployment",
            Aspect::Schedule => "schedule",
            Aspect::Output => "output",
        }
    }
}

/// One way the targets differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exception {
    /// Stable identifier (JSON output, tests).
    pub id: &'static str,
    pub aspect: Aspect,
    /// The spec keys that bring it in (`*` for any service or job name).
    pub keys: &'static [&'static str],
    /// The warning `check` gives for it, when there is one.
    pub code: Option<Code>,
    pub ecs: &'static str,
    pub eks: &'static str,
    /// Why twinform cannot make them the same.
    pub reason: &'static str,
    pub source: &'static str,
    /// A difference of the platforms that no spec key can remove (reported once per app, not
    /// refused by `--strict-parity`), rather than one the spec chooses.
    pub platform: bool,
}

pub const SPOT: Exception = Exception {
    id: "spot",
    aspect: Aspect::Sizes,
    keys: &["services.*.spot", "jobs.*.spot"],
    code: Some(Code::SpotIgnoredOnEks),
    ecs: "Fargate Spot: interruptible with a two-minute warning, billed at the Spot discount",
    eks: "regular Fargate: not interrupted, billed at the on-demand price",
    reason: "EKS on Fargate has no Spot capacity",
    source: "https://docs.aws.amazon.com/eks/latest/userguide/fargate.html",
    platform: false,
};

pub const ARM64: Exception = Exception {
    id: "arm64",
    aspect: Aspect::Sizes,
    keys: &["services.*.platform", "jobs.*.platform"],
    code: Some(Code::Arm64OnEks),
    ecs: "Graviton (ARM64)",
    eks: "x86-64, pinned with `kubernetes.io/arch: amd64`",
    reason: "EKS on Fargate runs x86-64 pods only",
    source: "https://github.com/aws/containers-roadmap/issues/1629",
    platform: false,
};

pub const REQUESTS_PER_TARGET: Exception = Exception {
    id: "requests_per_target",
    aspect: Aspect::Scaling,
    keys: &["services.*.autoscale.requests_per_target"],
    code: Some(Code::RequestsNotMapped),
    ecs: "also scales on ALB requests per target",
    eks: "scales on CPU and memory only (the HPA has no request-count metric without an adapter)",
    reason: "ALBRequestCountPerTarget is a CloudWatch metric; the HPA reads the metrics API",
    source: "https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#support-for-metrics-apis",
    platform: false,
};

pub const QUEUE_WITHOUT_EKS_ROLE: Exception = Exception {
    id: "queue_without_eks_role",
    aspect: Aspect::Scaling,
    keys: &["services.*.autoscale.queue"],
    code: Some(Code::QueueWithoutEksRole),
    ecs: "scales on the queue's backlog per task",
    eks: "KEDA cannot read the queue: the ServiceAccount has no role",
    reason: "without `kubernetes.cluster` and `oidc_provider_arn` no IRSA role is emitted",
    source: "https://keda.sh/docs/latest/authentication-providers/aws/",
    platform: false,
};

pub const INTERNAL_HEALTH: Exception = Exception {
    id: "internal_health",
    aspect: Aspect::Health,
    keys: &["services.*.health"],
    code: Some(Code::HealthUncheckedOnEcs),
    ecs: "not health-checked: a hung task is not replaced",
    eks: "readiness and liveness probes from `health`",
    reason: "an internal service has no load balancer on ECS, and ECS can only run a command in the container",
    source: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html",
    platform: false,
};

pub const SIDECAR_EXIT: Exception = Exception {
    id: "sidecar_exit",
    aspect: Aspect::Health,
    keys: &["services.*.sidecars"],
    code: None,
    ecs: "a sidecar that exits stops the task when `essential`, and stays stopped otherwise",
    eks: "a sidecar that exits is restarted in the pod (a native sidecar, `restartPolicy: Always`)",
    reason: "ECS has no per-container restart in a task; Kubernetes restarts containers in place",
    source: "https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/",
    platform: false,
};

pub const IAM_WITHOUT_EKS_ROLE: Exception = Exception {
    id: "iam_without_eks_role",
    aspect: Aspect::Permissions,
    keys: &["services.*.iam", "jobs.*.iam"],
    code: Some(Code::IamWithoutEks),
    ecs: "the task role holds the `iam` permissions",
    eks: "the pods run without these permissions (no IRSA role)",
    reason: "without `kubernetes.cluster` and `oidc_provider_arn` no IRSA role is emitted",
    source: "https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html",
    platform: false,
};

pub const SECRET_ELSEWHERE: Exception = Exception {
    id: "secret_elsewhere",
    aspect: Aspect::Secrets,
    keys: &["services.*.secrets", "jobs.*.secrets"],
    code: Some(Code::SecretElsewhere),
    ecs: "reads the secret by its full ARN, in its own Region or account",
    eks: "the ClusterSecretStore reads the app's Region with the cluster's credentials only",
    reason: "one External Secrets store reads one Region and account",
    source: "https://external-secrets.io/latest/provider/aws-secrets-manager/",
    platform: false,
};

pub const DEPLOY_STRATEGY: Exception = Exception {
    id: "deploy_strategy",
    aspect: Aspect::Deployment,
    keys: &["services.*.deploy"],
    code: Some(Code::EksNeedsArgoRollouts),
    ecs: "ECS shifts ALB traffic natively, rolls back on its circuit breaker, holds the stack update until the bake ends; callers follow the shift through Service Connect",
    eks: "an Argo Rollouts canary (the controller is a prerequisite): the same shares, waits and bake, no automatic rollback without analysis, `kubectl apply` returns at once; callers in the cluster reach the stable pods until promotion",
    reason: "a Deployment cannot shift traffic or bake; Argo Rollouts is the controller that can, with its own failure handling",
    source: "https://argoproj.github.io/argo-rollouts/features/traffic-management/alb/",
    platform: false,
};

pub const JOB_OVERLAP: Exception = Exception {
    id: "job_overlap",
    aspect: Aspect::Schedule,
    keys: &["jobs.*.concurrency"],
    code: Some(Code::JobOverlapOnEcs),
    ecs: "a run starts even while the previous one runs",
    eks: "a run is skipped while the previous one runs (`concurrencyPolicy: Forbid`)",
    reason: "EventBridge Scheduler has no overlap guard",
    source: "https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html",
    platform: false,
};

pub const JOB_TIMEOUT: Exception = Exception {
    id: "job_timeout",
    aspect: Aspect::Schedule,
    keys: &["jobs.*.timeout"],
    code: Some(Code::JobTimeoutOnEcs),
    ecs: "runs until its container exits",
    eks: "stopped after `timeout` (`activeDeadlineSeconds`)",
    reason: "an ECS task has no deadline",
    source: "https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup",
    platform: false,
};

pub const JOB_RETRIES: Exception = Exception {
    id: "job_retries",
    aspect: Aspect::Schedule,
    keys: &["jobs.*.retries"],
    code: None,
    ecs: "retries only a failed start (the RunTask call); a task that exits non-zero is not retried",
    eks: "retries a failed run (`backoffLimit`): a pod that exits non-zero runs again",
    reason: "EventBridge Scheduler's retry policy covers delivery to the target, not the task's exit code",
    source: "https://docs.aws.amazon.com/scheduler/latest/APIReference/API_RetryPolicy.html",
    platform: false,
};

pub const NETWORK_POLICY: Exception = Exception {
    id: "network_policy",
    aspect: Aspect::Networking,
    keys: &["services.*.calls"],
    code: None,
    ecs: "a service's security group admits its callers (and its load balancer) only",
    eks: "any pod in the cluster reaches a service: its NetworkPolicy is emitted but Fargate does not enforce it",
    reason: "VPC CNI network policies apply to EC2 nodes, not Fargate pods",
    source: "https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html",
    platform: true,
};

pub const SHARED_LISTENER: Exception = Exception {
    id: "shared_listener",
    aspect: Aspect::Networking,
    keys: &[
        "ingress.listener_arn",
        "ingress.load_balancer_security_group",
    ],
    code: None,
    ecs: "routes on the existing listener `ingress.listener_arn` (its load balancer and DNS name)",
    eks: "routes on an ALB of its own (the IngressGroup's): another DNS name, another load balancer to pay for",
    reason: "the AWS Load Balancer Controller cannot join a listener it did not create",
    source: "https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/2188",
    platform: false,
};

pub const PATCH_CLOUDFORMATION: Exception = Exception {
    id: "patch",
    aspect: Aspect::Output,
    keys: &["patches"],
    code: None,
    ecs: "the resource as patched",
    eks: "as emitted, unpatched",
    reason: "a patch edits one target's output; twinform cannot tell whether the other needs the same",
    source: "https://datatracker.ietf.org/doc/html/rfc6902",
    platform: false,
};

pub const PATCH_KUBERNETES: Exception = Exception {
    ecs: "as emitted, unpatched",
    eks: "the object as patched",
    ..PATCH_CLOUDFORMATION
};

/// Every exception, in report order.
pub const EXCEPTIONS: &[&Exception] = &[
    &SPOT,
    &ARM64,
    &REQUESTS_PER_TARGET,
    &QUEUE_WITHOUT_EKS_ROLE,
    &INTERNAL_HEALTH,
    &SIDECAR_EXIT,
    &IAM_WITHOUT_EKS_ROLE,
    &SECRET_ELSEWHERE,
    &DEPLOY_STRATEGY,
    &JOB_OVERLAP,
    &JOB_TIMEOUT,
    &JOB_RETRIES,
    &NETWORK_POLICY,
    &SHARED_LISTENER,
    &PATCH_CLOUDFORMATION,
];

/// A key that configures one target's platform by design and changes nothing that runs: the
/// other target has no such thing to configure, or configures it elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetOnly {
    pub key: &'static str,
    pub reason: &'static str,
}

/// Keys that reach one target's output only and are not parity exceptions.
pub const TARGET_ONLY: &[TargetOnly] = &[
    TargetOnly {
        key: "kubernetes",
        reason: "the Kubernetes namespace, cluster, secret stores and OIDC provider: EKS's platform",
    },
    TargetOnly {
        key: "ecs",
        reason: "the ECS cluster and helper images: ECS's platform",
    },
    TargetOnly {
        key: "app.log_retention_days",
        reason: "CloudWatch log groups are created for ECS tasks; EKS on Fargate logs through the cluster's aws-observability ConfigMap",
    },
    TargetOnly {
        key: "services.*.exec",
        reason: "turns on ECS Exec; `kubectl exec` is always there, governed by RBAC",
    },
    TargetOnly {
        key: "network",
        reason: "the VPC twinform creates in the ECS template; the EKS cluster's VPC is the cluster's",
    },
    TargetOnly {
        key: "ingress.priority_range",
        reason: "the priorities of the ECS listener rules; the controller numbers the Ingress's rules itself",
    },
];
