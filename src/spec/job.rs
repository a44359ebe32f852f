//! `[jobs.NAME]`: a container run to completion on a schedule (EventBridge Scheduler → ECS
//! RunTask; a Kubernetes CronJob). Its image, size, env, secrets, iam and user keys mean what
//! they mean on a service; only the scheduling keys are its own.

use super::{Iam, defaults};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What happens when a run is due while the previous one still runs.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Concurrency {
    /// Start it anyway.
    Allow,
    /// Skip it (Kubernetes `concurrencyPolicy: Forbid`; not enforced on ECS, TF129).
    Forbid,
}

/// `[jobs.NAME]`
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Job {
    /// Required. Container image reference, with a tag or digest.
    #[schemars(required, example = "public.ecr.aws/acme/report:2.0.1")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Image tag, when `image` names none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Image digest `sha256:<64 hex>`, when `image` names no tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// Container command (arguments replacing the image's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Vec<String>>,
    /// Required. When to run, the same on both targets: a 5-field cron as Kubernetes reads it
    /// (`"0 3 * * *"`, day of week 0–6 or `SUN`–`SAT`, `JAN`–`DEC`), `@hourly`/`@daily`/`@weekly`/`@monthly`/
    /// `@yearly`, or `rate(N minutes|hours|days)` when N divides the next unit evenly.
    #[schemars(required, example = "30 2 * * MON-FRI")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// IANA time zone the schedule is read in (EventBridge `ScheduleExpressionTimezone`,
    /// CronJob `timeZone`). Default: UTC.
    #[schemars(example = "Europe/Berlin")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// CPU units; with `memory`, a valid Fargate size.
    #[schemars(extend("default" = defaults::CPU))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<i64>,
    /// Memory in MiB; with `cpu`, a valid Fargate size.
    #[schemars(extend("default" = defaults::MEMORY))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<i64>,
    /// Plain environment variables (strings).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
    /// Environment variables from Secrets Manager secret ARNs or SSM parameter ARNs.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub secrets: BTreeMap<String, String>,
    /// The job's own AWS permissions (ECS task role, EKS IRSA role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam: Option<Iam>,
    /// Numeric `UID:GID` the container runs as; never root.
    #[schemars(extend("default" = defaults::USER), example = "10001:10001")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Seconds a run may take before it is stopped (CronJob `activeDeadlineSeconds`; not
    /// enforced on ECS, TF130).
    #[schemars(range(min = 1, max = 86400))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    /// `allow` or `forbid` overlapping runs.
    #[schemars(extend("default" = "allow"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<Concurrency>,
    /// Retries of a run that could not start or failed: EventBridge Scheduler's
    /// `MaximumRetryAttempts` (a failed RunTask call) and the Job's `backoffLimit`, 0..=6.
    #[schemars(extend("default" = defaults::JOB_RETRIES), range(min = 0, max = 6))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<i64>,
    /// Not a job key: read only to refuse it with its reason (TF077), absent from the schema.
    #[schemars(skip)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls: Option<Vec<String>>,
    /// Run on Fargate Spot on ECS (ignored on EKS, which has no Spot on Fargate).
    #[schemars(extend("default" = defaults::SPOT))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spot: Option<bool>,
}
