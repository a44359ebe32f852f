//! Parity: where the ECS and EKS outputs of one resolved model run differently, as data.
//!
//! [`report`] walks the model and returns one [`Finding`] per service, job or app-level setting
//! that meets an entry of the exception [`table`]; an empty report means both targets run the
//! same thing. `twinform parity` prints it, `summary` and `diff` show it, and
//! `--strict-parity` turns every finding into a TF043 error located at the key that brings it in.
//!
//! Architecture Invariant: pure; it reads the model only, never the emitted documents, so a
//! finding names the spec key to change.

pub mod render;
pub mod table;

use crate::diag::{Code, Diagnostic};
use crate::model::{AppIam, Concurrency, Model, PatchTarget, Platform, Role, Service};
use crate::spec::Located;
use serde::Serialize;
use table::{Aspect, Exception};

/// What a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "lowercase")]
pub enum Subject {
    App,
    Service(String),
    Job(String),
    /// A `[[patches]]` entry, by its target (`CloudFormation ApiService`).
    Patch(String),
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::App => f.write_str("app"),
            Subject::Service(name) => write!(f, "service `{name}`"),
            Subject::Job(name) => write!(f, "job `{name}`"),
            Subject::Patch(target) => write!(f, "patch of {target}"),
        }
    }
}

/// One exception met by one subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub subject: Subject,
    pub id: &'static str,
    pub aspect: Aspect,
    pub ecs: &'static str,
    pub eks: &'static str,
    /// What in this spec brings it in (a patch's reason, a secret's Region).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub reason: &'static str,
    pub source: &'static str,
    /// The warning `check` gives for it, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// A platform difference every spec has (see [`Exception::platform`]).
    pub platform: bool,
    /// The spec key that brings it in, for locating (the overlay's when it sets it).
    #[serde(skip)]
    pub key: Vec<String>,
}

/// Every parity exception of a model, ordered by subject then table order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub app: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// No exception but platform ones: nothing the spec chooses runs differently.
    pub equivalent: bool,
    pub exceptions: Vec<Finding>,
}

fn finding(exception: &Exception, subject: Subject, key: Vec<String>) -> Finding {
    Finding {
        subject,
        id: exception.id,
        aspect: exception.aspect,
        ecs: exception.ecs,
        eks: exception.eks,
        detail: None,
        reason: exception.reason,
        source: exception.source,
        code: exception.code,
        platform: exception.platform,
        key,
    }
}

fn path(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|p| (*p).to_owned()).collect()
}

/// The app's account when an ARN that must be in it says so (as TF125 reads it).
fn app_account(model: &Model) -> Option<&str> {
    let oidc = model
        .kubernetes
        .oidc_provider
        .as_ref()
        .map(|p| p.arn.as_str());
    [oidc, model.ingress.certificate_arn.as_deref()]
        .into_iter()
        .find_map(|arn| crate::arn::account_of(arn?))
}

/// The exceptions of one task (a service's or a job's): the keys live under `section.name`.
fn task_findings(model: &Model, task: &Service, subject: &Subject, section: &str) -> Vec<Finding> {
    let name = task.name.as_str();
    let key = |rest: &[&str]| {
        let mut full = vec![section, name];
        full.extend_from_slice(rest);
        path(&full)
    };
    let mut found = Vec::new();
    if task.spot {
        found.push(finding(&table::SPOT, subject.clone(), key(&["spot"])));
    }
    if task.platform == Platform::Arm64 {
        found.push(finding(&table::ARM64, subject.clone(), key(&["platform"])));
    }
    if let crate::model::Scaling::Auto(auto) = &task.scaling {
        if auto.requests_per_target.is_some() {
            let rpt = key(&["autoscale", "requests_per_target"]);
            found.push(finding(&table::REQUESTS_PER_TARGET, subject.clone(), rpt));
        }
        if auto.queue.is_some() && task.eks_role.is_none() {
            let queue = key(&["autoscale", "queue"]);
            found.push(finding(
                &table::QUEUE_WITHOUT_EKS_ROLE,
                subject.clone(),
                queue,
            ));
        }
    }
    if let Role::Server(server) = &task.role
        && server.route.is_none()
        && task.health_command().is_none()
    {
        found.push(finding(
            &table::INTERNAL_HEALTH,
            subject.clone(),
            key(&["health"]),
        ));
    }
    if !task.sidecars.is_empty() {
        let mut f = finding(&table::SIDECAR_EXIT, subject.clone(), key(&["sidecars"]));
        let names: Vec<String> = task
            .sidecars
            .iter()
            .map(|s| {
                format!(
                    "`{}`{}",
                    s.name,
                    if s.essential { " (essential)" } else { "" }
                )
            })
            .collect();
        f.detail = Some(names.join(", "));
        found.push(f);
    }
    if let Some(AppIam::Policies {
        statements,
        managed_policies,
    }) = &task.iam
        && task.eks_role.is_none()
        && !(statements.is_empty() && managed_policies.is_empty())
    {
        found.push(finding(
            &table::IAM_WITHOUT_EKS_ROLE,
            subject.clone(),
            key(&["iam"]),
        ));
    }
    let deploy = task.deploy();
    if !deploy.is_rolling() {
        let mut f = finding(&table::DEPLOY_STRATEGY, subject.clone(), key(&["deploy"]));
        f.detail = Some(format!("`{}`", deploy.name()));
        found.push(f);
    }
    let account = app_account(model);
    let partition = crate::syntax::partition_of(&model.app.region);
    for (variable, secret) in &task.secrets {
        use crate::arn::Elsewhere;
        let detail = match crate::arn::secret_elsewhere(
            &secret.arn,
            partition,
            &model.app.region,
            account,
        ) {
            None => continue,
            Some(Elsewhere::Region(region)) => format!("`{variable}` is in Region `{region}`"),
            Some(Elsewhere::Account(other)) => format!("`{variable}` is in account `{other}`"),
        };
        let mut f = finding(
            &table::SECRET_ELSEWHERE,
            subject.clone(),
            key(&["secrets", variable]),
        );
        f.detail = Some(detail);
        found.push(f);
    }
    found
}

/// The parity exceptions of `model` (for the environment `env`, when one is selected).
pub fn report(model: &Model, env: Option<&str>) -> Report {
    let mut exceptions = Vec::new();
    if model.services.iter().any(|s| s.server().is_some()) {
        let key = path(&["services"]);
        exceptions.push(finding(&table::NETWORK_POLICY, Subject::App, key));
    }
    if model.ingress.shared_listener.is_some() {
        let key = path(&["ingress", "listener_arn"]);
        exceptions.push(finding(&table::SHARED_LISTENER, Subject::App, key));
    }
    for service in &model.services {
        let subject = Subject::Service(service.name.clone());
        exceptions.extend(task_findings(model, service, &subject, "services"));
    }
    for job in &model.jobs {
        let subject = Subject::Job(job.name().to_owned());
        let mut found = task_findings(model, &job.task, &subject, "jobs");
        let key = |k: &str| path(&["jobs", job.name(), k]);
        if job.concurrency == Concurrency::Forbid {
            found.push(finding(
                &table::JOB_OVERLAP,
                subject.clone(),
                key("concurrency"),
            ));
        }
        if job.timeout.is_some() {
            found.push(finding(
                &table::JOB_TIMEOUT,
                subject.clone(),
                key("timeout"),
            ));
        }
        if job.retries > 0 {
            found.push(finding(
                &table::JOB_RETRIES,
                subject.clone(),
                key("retries"),
            ));
        }
        exceptions.extend(found);
    }
    for patch in &model.patches {
        let (exception, target) = match &patch.target {
            PatchTarget::CloudFormation(id) => {
                (&table::PATCH_CLOUDFORMATION, format!("CloudFormation {id}"))
            }
            PatchTarget::Kubernetes { kind, name } => (
                &table::PATCH_KUBERNETES,
                format!("Kubernetes {kind}/{name}"),
            ),
        };
        let key = path(&["patches", &patch.index.to_string()]);
        let mut f = finding(exception, Subject::Patch(target), key);
        f.detail = Some(patch.reason.clone());
        exceptions.push(f);
    }
    // Stable: app first, then services and jobs by name; table order within a subject.
    let order = |id: &str| table::EXCEPTIONS.iter().position(|e| e.id == id);
    exceptions.sort_by(|a, b| (&a.subject, order(a.id)).cmp(&(&b.subject, order(b.id))));
    Report {
        app: model.app.name.clone(),
        environment: env.map(str::to_owned),
        equivalent: exceptions.iter().all(|f| f.platform),
        exceptions,
    }
}

/// `--strict-parity`: every finding as a TF043 error at the key that brings it in. `patch_keys`
/// are the spec paths of the effective patches (an overlay's are not under `patches`).
pub fn strict_diagnostics(
    report: &Report,
    located: &Located,
    patch_keys: &[Vec<String>],
) -> Vec<Diagnostic> {
    report
        .exceptions
        .iter()
        .filter(|f| !f.platform)
        .map(|f| {
            let key = match (f.id, f.key.get(1)) {
                ("patch", Some(index)) => index
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| patch_keys.get(i))
                    .cloned()
                    .unwrap_or_else(|| f.key.clone()),
                _ => f.key.clone(),
            };
            let key: Vec<&str> = key.iter().map(String::as_str).collect();
            let detail = f
                .detail
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            Diagnostic::new(
                Code::StrictParity,
                format!(
                    "{}: {} differs between ECS and EKS{detail}",
                    f.subject,
                    f.aspect.as_str()
                ),
            )
            .at(located.best(&key), format!("`{}`", f.id))
            .help(format!("ECS: {}; EKS: {}", f.ecs, f.eks))
            .help(format!("why: {} ({})", f.reason, f.source))
        })
        .collect()
}
