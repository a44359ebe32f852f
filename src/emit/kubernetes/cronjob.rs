//! A job's CronJob: the pod a service would get (same image, size, user, read-only root file
//! system, ServiceAccount), run to completion on the job's schedule.
//!
//! Sources: <https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/> (schedule
//! syntax, `timeZone`, `concurrencyPolicy`, `startingDeadlineSeconds`, history limits, the
//! 52-character name limit); <https://kubernetes.io/docs/concepts/workloads/controllers/job/>
//! (`activeDeadlineSeconds`, `backoffLimit`, `restartPolicy`).

use super::container::i32_of;
use super::{labels, workload};
use crate::model::{
    Concurrency, FAILED_HISTORY, Job, Model, STARTING_DEADLINE_SECONDS, SUCCESSFUL_HISTORY,
};
use k8s_openapi::api::batch::v1::{CronJob, CronJobSpec, JobSpec, JobTemplateSpec};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

pub fn cron_job(model: &Model, job: &Job) -> CronJob {
    let task = &job.task;
    let pod_labels = || ObjectMeta {
        labels: Some(labels::service_labels(model, task)),
        ..Default::default()
    };
    let mut pod = workload::pod_spec(task);
    // The Job controller restarts a failed run as a new pod, counted by `backoffLimit`.
    pod.restart_policy = Some("Never".to_owned());
    CronJob {
        metadata: labels::service_meta(model, task, &task.name),
        spec: Some(CronJobSpec {
            schedule: job.schedule.kubernetes(),
            time_zone: job.timezone.clone(),
            concurrency_policy: Some(
                match job.concurrency {
                    Concurrency::Allow => "Allow",
                    Concurrency::Forbid => "Forbid",
                }
                .to_owned(),
            ),
            starting_deadline_seconds: Some(i64::from(STARTING_DEADLINE_SECONDS)),
            successful_jobs_history_limit: Some(SUCCESSFUL_HISTORY),
            failed_jobs_history_limit: Some(FAILED_HISTORY),
            job_template: JobTemplateSpec {
                metadata: Some(pod_labels()),
                spec: Some(JobSpec {
                    backoff_limit: Some(i32_of(job.retries)),
                    active_deadline_seconds: job.timeout.map(i64::from),
                    template: PodTemplateSpec {
                        metadata: Some(pod_labels()),
                        spec: Some(pod),
                    },
                    ..Default::default()
                }),
            },
            ..Default::default()
        }),
        ..Default::default()
    }
}
