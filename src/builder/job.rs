//! `[jobs.NAME]` in the builder: a scheduled job, typed like a service (a [`FargateSize`], a
//! [`Duration`] timeout, a [`Concurrency`]); the schedule and time zone are text, checked with
//! located diagnostics (TF074, TF075) like the file's.

use super::origin::Origins;
use super::{App, Environment, FargateSize, Iam, parts};
use crate::spec::{self, Concurrency, Patch};
use std::time::Duration;

/// `[jobs.NAME]`.
#[derive(Debug, Clone)]
pub struct Job {
    name: String,
    spec: spec::Job,
    origins: Origins,
}

impl Job {
    /// A job running `image` on `schedule` (5-field cron, `@daily`…, or `rate(N unit)`).
    #[track_caller]
    pub fn new(name: &str, image: &str, schedule: &str) -> Self {
        let mut origins = Origins::default();
        origins.record(&[], "Job::new");
        origins.record(&["image"], "Job::new");
        origins.record(&["schedule"], "Job::new");
        Job {
            name: name.to_owned(),
            spec: spec::Job {
                image: Some(image.to_owned()),
                schedule: Some(schedule.to_owned()),
                ..Default::default()
            },
            origins,
        }
    }

    /// A patch for an environment: only what is set.
    #[track_caller]
    fn patch(name: &str) -> Self {
        let mut origins = Origins::default();
        origins.record(&[], "Environment::job");
        Job {
            name: name.to_owned(),
            spec: spec::Job::default(),
            origins,
        }
    }

    #[track_caller]
    fn set(mut self, key: &str, method: &'static str, set: impl FnOnce(&mut spec::Job)) -> Self {
        set(&mut self.spec);
        self.origins.record(&[key], method);
        self
    }

    #[track_caller]
    pub fn schedule(self, schedule: &str) -> Self {
        self.set("schedule", "Job::schedule", |j| {
            j.schedule = Some(schedule.to_owned())
        })
    }

    /// IANA zone the schedule is read in (default UTC).
    #[track_caller]
    pub fn timezone(self, zone: &str) -> Self {
        self.set("timezone", "Job::timezone", |j| {
            j.timezone = Some(zone.to_owned())
        })
    }

    #[track_caller]
    pub fn size(mut self, size: FargateSize) -> Self {
        self.spec.cpu = Some(size.cpu().into());
        self.spec.memory = Some(size.memory().into());
        self.origins.record(&["cpu"], "Job::size");
        self.origins.record(&["memory"], "Job::size");
        self
    }

    #[track_caller]
    pub fn command<'a>(self, args: impl IntoIterator<Item = &'a str>) -> Self {
        self.set("command", "Job::command", |j| {
            j.command = Some(args.into_iter().map(str::to_owned).collect())
        })
    }

    #[track_caller]
    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.spec.env.insert(name.to_owned(), value.to_owned());
        self.origins.record(&["env", name], "Job::env");
        self
    }

    #[track_caller]
    pub fn secret(mut self, name: &str, arn: &str) -> Self {
        self.spec.secrets.insert(name.to_owned(), arn.to_owned());
        self.origins.record(&["secrets", name], "Job::secret");
        self
    }

    #[track_caller]
    pub fn iam(mut self, iam: Iam) -> Self {
        self.origins.record(&["iam"], "Job::iam");
        self.spec.iam = Some(parts::into_spec(iam, &["iam"], &mut self.origins));
        self
    }

    /// `user = "UID:GID"`.
    #[track_caller]
    pub fn user(self, user: &str) -> Self {
        self.set("user", "Job::user", |j| j.user = Some(user.to_owned()))
    }

    /// A run's deadline, in whole seconds (EKS `activeDeadlineSeconds`; TF130 on ECS).
    #[track_caller]
    pub fn timeout(self, timeout: Duration) -> Self {
        let seconds = i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX);
        self.set("timeout", "Job::timeout", |j| j.timeout = Some(seconds))
    }

    #[track_caller]
    pub fn concurrency(self, concurrency: Concurrency) -> Self {
        self.set("concurrency", "Job::concurrency", |j| {
            j.concurrency = Some(concurrency)
        })
    }

    #[track_caller]
    pub fn retries(self, retries: u8) -> Self {
        self.set("retries", "Job::retries", |j| {
            j.retries = Some(retries.into())
        })
    }

    #[track_caller]
    pub fn spot(self, spot: bool) -> Self {
        self.set("spot", "Job::spot", |j| j.spot = Some(spot))
    }

    #[track_caller]
    pub fn tag(self, tag: &str) -> Self {
        self.set("tag", "Job::tag", |j| j.tag = Some(tag.to_owned()))
    }

    #[track_caller]
    pub fn digest(self, digest: &str) -> Self {
        self.set("digest", "Job::digest", |j| {
            j.digest = Some(digest.to_owned())
        })
    }
}

impl App {
    /// A scheduled job (`[jobs.NAME]`).
    pub fn job(mut self, job: Job) -> Self {
        self.origins.nest(&["jobs", &job.name], job.origins);
        self.spec.jobs.insert(job.name, job.spec);
        self
    }
}

impl Environment {
    /// Changes to the base job `name`: `|j| j.schedule("@hourly")`.
    #[track_caller]
    pub fn job(mut self, name: &str, change: impl FnOnce(Job) -> Job) -> Self {
        let patch = change(Job::patch(name));
        self.origins.nest(&["jobs", name], patch.origins);
        self.overlay.jobs.insert(name.to_owned(), Patch(patch.spec));
        self
    }
}
