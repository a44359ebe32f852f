//! Scheduled jobs, resolved: the task/pod they run is a [`Service`] with [`Role::Job`] (so
//! both targets build its task definition, roles and pod with the services' code), plus when
//! and how it runs.

use super::lower::{eks_role, lower_service};
use super::unreadable::Lowering;
use super::{Ingress, Role, Service};
use crate::spec::{self, Concurrency};
use crate::syntax::schedule::Schedule;

/// Retries when `retries` is not set: EventBridge Scheduler's and the Job's, the same count.
pub const DEFAULT_RETRIES: i64 = spec::defaults::JOB_RETRIES;
/// Seconds after its time a missed run may still start (CronJob `startingDeadlineSeconds`;
/// EventBridge Scheduler's `MaximumEventAgeInSeconds`, whose minimum is 60).
pub const STARTING_DEADLINE_SECONDS: u32 = 300;
/// Finished Jobs kept for inspection (CronJob history limits).
pub const SUCCESSFUL_HISTORY: i32 = 3;
pub const FAILED_HISTORY: i32 = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The container it runs: image, size, env, secrets, iam, user, spot — as a service's.
    pub task: Service,
    /// The canonical schedule, rendered once per target.
    pub schedule: Schedule,
    /// The schedule as written (for review output).
    pub schedule_text: String,
    /// IANA zone; `None` is UTC.
    pub timezone: Option<String>,
    /// Seconds a run may take (EKS only: TF130).
    pub timeout: Option<u32>,
    pub concurrency: Concurrency,
    pub retries: u32,
}

impl Job {
    pub fn name(&self) -> &str {
        &self.task.name
    }
}

/// Every job, sorted by name. `check` has validated each key (TF074–TF083).
pub(super) fn lower_jobs(
    lw: &mut Lowering,
    spec: &spec::Spec,
    ingress: &Ingress,
    eks: (Option<&str>, &str, Option<&crate::arn::OidcProvider>),
) -> Vec<Job> {
    spec.jobs
        .iter()
        .map(|(name, j)| {
            // The service form of the job's container: no port, so the worker path, whose
            // health command the job replaces with none.
            let as_service = spec::Service {
                image: j.image.clone(),
                tag: j.tag.clone(),
                digest: j.digest.clone(),
                command: j.command.clone(),
                cpu: j.cpu,
                memory: j.memory,
                env: j.env.clone(),
                secrets: j.secrets.clone(),
                iam: j.iam.clone(),
                user: j.user.clone(),
                spot: j.spot,
                replicas: Some(0),
                health: Some(spec::Health {
                    command: Some(Vec::new()),
                    ..Default::default()
                }),
                ..Default::default()
            };
            let mut task = lower_service(lw, spec, name, &as_service, ingress);
            task.role = Role::Job;
            task.eks_role = eks_role(&task, eks.0, eks.1, eks.2);
            let text = j.schedule.clone().unwrap_or_default();
            let schedule = lw.parsed(
                Schedule::parse(&text).ok(),
                &["jobs", name, "schedule"],
                "a schedule (TF074)",
            );
            Job {
                task,
                // `None` is recorded as unreadable above (nothing is written then).
                schedule: schedule.unwrap_or(Schedule::MIDNIGHT),
                schedule_text: text,
                timezone: j.timezone.clone(),
                timeout: j
                    .timeout
                    .map(|t| lw.number(Some(t), 0, &["jobs", name, "timeout"])),
                concurrency: j.concurrency.unwrap_or(Concurrency::Allow),
                retries: lw.number(j.retries, DEFAULT_RETRIES, &["jobs", name, "retries"]),
            }
        })
        .collect()
}
