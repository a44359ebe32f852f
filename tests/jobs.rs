//! Scheduled jobs end to end: the builder, both targets alike (schedule, size, permissions),
//! and `diff`/`summary` showing a job added, removed and rescheduled.

use serde_json::{Value, json};
use std::time::Duration;
use twinform::builder::{App, Concurrency, Environment, FargateSize, Iam, Job, Service};
use twinform::diag::Code;
use twinform::{FileSet, Options};

const ESTATE: &str = include_str!("../examples/estate/twinform.toml");

fn app(job: Job) -> App {
    App::new("shop")
        .service(
            Service::new("web")
                .image("public.ecr.aws/acme/web:1.0.0")
                .port(8080)
                .route("/"),
        )
        .job(job)
}

fn report() -> Job {
    Job::new(
        "report",
        "public.ecr.aws/acme/report:1.0.0",
        "0 3 * * MON-FRI",
    )
    .timezone("America/New_York")
    .size(FargateSize::new(1024, 2048).expect("a size"))
    .secret(
        "DB",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
    )
    .concurrency(Concurrency::Forbid)
    .timeout(Duration::from_secs(1800))
    .retries(1)
    .spot(true)
    .iam(Iam::new().statement(&["s3:PutObject"], &["arn:aws:s3:::reports/*"]))
}

fn json_file(files: &FileSet, path: &str) -> Value {
    let bytes = files.get(path).unwrap_or_else(|| panic!("no {path}"));
    serde_json::from_slice(bytes).expect("JSON")
}

fn yaml_docs(files: &FileSet, path: &str) -> Vec<Value> {
    let text = std::str::from_utf8(files.get(path).unwrap_or_else(|| panic!("no {path}"))).unwrap();
    serde_saphyr::from_multiple::<Value>(text)
        .unwrap()
        .into_iter()
        .filter(|d| !d.is_null())
        .collect()
}

fn json_options() -> Options {
    Options {
        format: twinform::Format::Json,
        ..Default::default()
    }
}

#[test]
fn a_builder_job_runs_alike_on_both_targets() {
    let synthesis = twinform::synthesize_app(&app(report()), &json_options())
        .unwrap_or_else(|c| panic!("{:#?}", c.diagnostics));
    let template = json_file(&synthesis.files, "cloudformation/template.json");
    let schedule = &template["Resources"]["ReportSchedule"]["Properties"];
    assert_eq!(schedule["ScheduleExpression"], "cron(0 3 ? * MON-FRI *)");
    assert_eq!(schedule["ScheduleExpressionTimezone"], "America/New_York");
    assert_eq!(schedule["FlexibleTimeWindow"], json!({"Mode": "OFF"}));
    let ecs = &schedule["Target"]["EcsParameters"];
    assert_eq!(
        ecs["CapacityProviderStrategy"],
        json!([{"CapacityProvider": "FARGATE_SPOT", "Weight": 1}])
    );
    assert!(
        ecs.get("LaunchType").is_none(),
        "a strategy excludes LaunchType"
    );
    assert_eq!(schedule["Target"]["RetryPolicy"]["MaximumRetryAttempts"], 1);
    let task = &template["Resources"]["ReportTaskDefinition"]["Properties"];
    assert_eq!(
        (task["Cpu"].as_str(), task["Memory"].as_str()),
        (Some("1024"), Some("2048"))
    );

    let docs = yaml_docs(&synthesis.files, "kubernetes/report.yaml");
    let cron = docs
        .iter()
        .find(|d| d["kind"] == "CronJob")
        .expect("a CronJob");
    assert_eq!(cron["apiVersion"], "batch/v1");
    let spec = &cron["spec"];
    assert_eq!(spec["schedule"], "0 3 * * MON-FRI");
    assert_eq!(spec["timeZone"], "America/New_York");
    assert_eq!(spec["concurrencyPolicy"], "Forbid");
    assert_eq!(spec["jobTemplate"]["spec"]["activeDeadlineSeconds"], 1800);
    assert_eq!(spec["jobTemplate"]["spec"]["backoffLimit"], 1);
    let pod = &spec["jobTemplate"]["spec"]["template"]["spec"];
    assert_eq!(pod["restartPolicy"], "Never");
    assert_eq!(pod["serviceAccountName"], "report");
    assert_eq!(pod["securityContext"]["runAsNonRoot"], true);
    let container = &pod["containers"][0];
    // The same billed size: 1 vCPU, 2 GiB less Fargate's own 256 MiB.
    assert_eq!(
        container["resources"]["requests"],
        json!({"cpu": "1000m", "memory": "1792Mi"})
    );
    assert_eq!(
        container["resources"]["requests"],
        container["resources"]["limits"]
    );
    assert!(
        container.get("livenessProbe").is_none(),
        "a job has no probes"
    );
    assert_eq!(container["securityContext"]["readOnlyRootFilesystem"], true);
    assert!(docs.iter().any(|d| d["kind"] == "ExternalSecret"));
    assert!(docs.iter().any(|d| d["kind"] == "ServiceAccount"));
    let kustomization = yaml_docs(&synthesis.files, "kubernetes/kustomization.yaml");
    assert!(
        kustomization[0]["resources"]
            .as_array()
            .is_some_and(|r| r.contains(&json!("report.yaml")))
    );
    // Same application permissions: the ECS task role holds what `iam` grants.
    let task_role = &template["Resources"]["ReportTaskRole"]["Properties"]["Policies"][0];
    assert_eq!(
        task_role["PolicyDocument"]["Statement"][0]["Action"],
        json!(["s3:PutObject"])
    );
}

#[test]
fn same_permissions_on_both_targets_for_the_estate_job() {
    let options = Options {
        format: twinform::Format::Json,
        ..Default::default()
    };
    let synthesis = twinform::synthesize("twinform.toml", ESTATE, &options)
        .unwrap_or_else(|c| panic!("{:#?}", c.diagnostics));
    let ecs = json_file(&synthesis.files, "cloudformation/template.json");
    let eks = json_file(&synthesis.files, "cloudformation/eks-fargate.template.json");
    let task_role = &ecs["Resources"]["NightlyReportTaskRole"]["Properties"]["Policies"];
    let irsa_role = &eks["Resources"]["NightlyReportIrsaRole"]["Properties"]["Policies"];
    assert!(task_role.as_array().is_some_and(|p| !p.is_empty()));
    assert_eq!(task_role, irsa_role);
    let docs = yaml_docs(&synthesis.files, "kubernetes/nightly-report.yaml");
    let account = docs
        .iter()
        .find(|d| d["kind"] == "ServiceAccount")
        .expect("SA");
    let arn = account["metadata"]["annotations"]["eks.amazonaws.com/role-arn"]
        .as_str()
        .expect("IRSA annotation");
    let name = eks["Resources"]["NightlyReportIrsaRole"]["Properties"]["RoleName"]
        .as_str()
        .expect("a named IRSA role");
    assert!(arn.ends_with(&format!(":role/{name}")), "{arn} vs {name}");
}

#[test]
fn a_bad_builder_schedule_is_reported_at_the_call() {
    let checked = twinform::check_app(
        &app(
            Job::new("report", "public.ecr.aws/acme/report:1.0.0", "@daily")
                .schedule("0 3 1 * MON"),
        ),
        &Options::default(),
    );
    let d = checked
        .diagnostics
        .iter()
        .find(|d| d.code == Code::JobSchedule)
        .unwrap_or_else(|| panic!("no TF074: {:#?}", checked.diagnostics));
    assert_eq!(d.set_by.map(|s| s.method), Some("Job::schedule"));
}

#[test]
fn an_environment_reschedules_a_job() {
    let app = app(report()).environment(
        "prod",
        Environment::new().job("report", |j| j.schedule("@hourly")),
    );
    let options = Options {
        env: Some("prod".to_owned()),
        ..json_options()
    };
    let synthesis =
        twinform::synthesize_app(&app, &options).unwrap_or_else(|c| panic!("{:#?}", c.diagnostics));
    let template = json_file(&synthesis.files, "cloudformation/template.json");
    assert_eq!(
        template["Resources"]["ReportSchedule"]["Properties"]["ScheduleExpression"],
        "cron(0 * * * ? *)"
    );
}

fn files(text: &str) -> FileSet {
    twinform::synthesize("twinform.toml", text, &Options::default())
        .unwrap_or_else(|c| panic!("{:#?}", c.diagnostics))
        .files
}

/// The estate without its `[jobs.…]` tables (the base's and the overlays').
fn without_jobs() -> String {
    let mut spec: toml::Table = ESTATE.parse().unwrap();
    spec.remove("jobs");
    if let Some(envs) = spec.get_mut("environments").and_then(|e| e.as_table_mut()) {
        for (_, env) in envs.iter_mut() {
            if let Some(env) = env.as_table_mut() {
                env.remove("jobs");
            }
        }
    }
    toml::to_string(&spec).unwrap()
}

#[test]
fn diff_shows_a_job_added_removed_and_rescheduled() {
    let with = files(ESTATE);
    let without = files(&without_jobs());
    let added = twinform::review::diff(&without, &with).unwrap();
    let text = twinform::review::render::text(&added);
    for id in [
        "NightlyReportSchedule",
        "NightlyReportSchedulerRole",
        "CronJob/estate/nightly-report",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with("+ ") && l.contains(id)),
            "{id} not added:\n{text}"
        );
    }
    let removed = twinform::review::render::text(&twinform::review::diff(&with, &without).unwrap());
    assert!(
        removed.contains("- Kubernetes CronJob/estate/nightly-report"),
        "{removed}"
    );
    assert!(
        removed.contains("- CloudFormation template/NightlyReportSchedule"),
        "{removed}"
    );

    let rescheduled = ESTATE.replacen("schedule = \"30 2 * * *\"", "schedule = \"0 4 * * 1\"", 1);
    assert_ne!(rescheduled, ESTATE, "the estate job's schedule moved");
    let diff = twinform::review::diff(&with, &files(&rescheduled)).unwrap();
    let text = twinform::review::render::text(&diff);
    assert!(
        text.contains("cron(30 2 * * ? *) -> cron(0 4 ? * MON *)"),
        "{text}"
    );
    assert!(
        text.contains("spec.schedule: 30 2 * * * -> 0 4 * * MON"),
        "{text}"
    );
}

#[test]
fn summary_lists_jobs() {
    let synthesis = twinform::synthesize("twinform.toml", ESTATE, &Options::default())
        .unwrap_or_else(|c| panic!("{:#?}", c.diagnostics));
    let model = synthesis.checked.model.clone().expect("a model");
    let summary = twinform::review::summary(&twinform::review::SummaryInput {
        model: &model,
        env: None,
        files: &synthesis.files,
        warnings: &[],
        diff_markdown: None,
    });
    assert!(
        summary.contains(
            "| `nightly-report` | `123456789012.dkr.ecr.us-east-1.amazonaws.com/estate/reports:1.4.0` | `30 2 * * *` (Europe/Berlin) | 512 / 1024 MiB | Fargate Spot on ECS | 1 |"
        ),
        "{summary}"
    );
}

#[test]
fn a_job_env_number_is_its_text_on_both_targets() {
    let text = r#"
[app]
name = "shop"
[services.web]
image = "public.ecr.aws/acme/web:1.0.0"
port = 8080
route = "/"
[jobs.report]
image = "public.ecr.aws/acme/report:1.0.0"
schedule = "@daily"
env = { BATCH = 500 }
"#;
    let synthesis = twinform::synthesize("twinform.toml", text, &json_options())
        .unwrap_or_else(|c| panic!("{:#?}", c.diagnostics));
    let template = json_file(&synthesis.files, "cloudformation/template.json");
    let app =
        &template["Resources"]["ReportTaskDefinition"]["Properties"]["ContainerDefinitions"][0];
    assert_eq!(
        app["Environment"],
        json!([{"Name": "BATCH", "Value": "500"}])
    );
    let docs = yaml_docs(&synthesis.files, "kubernetes/report.yaml");
    let cron = docs
        .iter()
        .find(|d| d["kind"] == "CronJob")
        .expect("a CronJob");
    let env = &cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["env"];
    assert_eq!(env, &json!([{"name": "BATCH", "value": "500"}]));
}

#[test]
fn a_large_app_keeps_its_jobs_in_the_root_stack() {
    // 400 services take the nested layout; a job needs only the cluster and the subnets, so it
    // stays in the root, under the 500-resource limit, beside what it references.
    let mut spec = twinform::synthetic::spec(400);
    spec.jobs.insert(
        "cleanup".to_owned(),
        twinform::spec::Job {
            image: Some("public.ecr.aws/acme/cleanup:1.0.0".to_owned()),
            schedule: Some("rate(6 hours)".to_owned()),
            ..Default::default()
        },
    );
    let (root, files) = cloudformation_root(&spec).unwrap_or_else(|codes| panic!("{codes:?}"));
    assert!(files > 2, "not nested");
    let resources = root["Resources"].as_object().expect("resources");
    assert!(resources.len() <= 500, "{} root resources", resources.len());
    let schedule = &resources["CleanupSchedule"]["Properties"];
    assert_eq!(schedule["ScheduleExpression"], "cron(0 0/6 * * ? *)");
    for id in [
        "CleanupTaskDefinition",
        "CleanupSecurityGroup",
        "CleanupSchedulerRole",
    ] {
        assert!(resources.contains_key(id), "{id} not in the root");
    }
}

/// `n` synthetic services and `jobs` jobs: the root template's resources, or the errors.
fn root_resources(services: usize, jobs: u64) -> Result<usize, Vec<String>> {
    let mut spec = twinform::synthetic::spec(services);
    for i in 0..jobs {
        spec.jobs.insert(
            format!("job-{i:03}"),
            twinform::spec::Job {
                image: Some("public.ecr.aws/acme/cleanup:1.0.0".to_owned()),
                schedule: Some(format!("{} 3 * * *", i % 60)),
                ..Default::default()
            },
        );
    }
    cloudformation_root(&spec)
        .map(|(root, _)| root["Resources"].as_object().expect("resources").len())
}

/// The CloudFormation root template of `spec` (JSON, nested layout allowed) and how many files
/// were written, or the codes of the diagnostics that refused it.
fn cloudformation_root(spec: &twinform::spec::Spec) -> Result<(Value, usize), Vec<String>> {
    let options = Options {
        targets: twinform::Targets {
            cloudformation: true,
            kubernetes: false,
        },
        format: twinform::Format::Json,
        template_url_prefix: Some("https://example-bucket.s3.amazonaws.com/t/".to_owned()),
        ..Default::default()
    };
    match twinform::synthesize_spec(spec, &options) {
        Ok(synthesis) => Ok((
            json_file(&synthesis.files, "cloudformation/template.json"),
            synthesis.files.len(),
        )),
        Err(checked) => Err(checked
            .diagnostics
            .iter()
            .map(|d| d.code.as_str().to_owned())
            .collect()),
    }
}

/// TF080's room for jobs is what the root really has: at the limit the root stays within the
/// 400-resource budget (500 is CloudFormation's hard limit,
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html>),
/// each job adds exactly its 7 resources, and one more job is refused before anything is
/// emitted. Checked beside a small app (one template) and a nested one.
#[test]
fn the_root_has_room_for_every_job_tf080_accepts() {
    use twinform::quotas::{RESOURCES_PER_JOB, RESOURCES_PER_TEMPLATE, budget, jobs_root_room};
    for services in [1, 400] {
        let room = jobs_root_room(services as u64);
        let without = root_resources(services, 0).expect("no jobs");
        let full = root_resources(services, room).expect("at the limit");
        assert_eq!(
            (full - without) as u64,
            room * RESOURCES_PER_JOB,
            "{services} services"
        );
        assert!(
            full as u64 <= budget(RESOURCES_PER_TEMPLATE),
            "{services} services: {full} root resources with {room} jobs"
        );
        let refused = root_resources(services, room + 1).expect_err("one job too many");
        assert!(refused.iter().any(|c| c == "TF080"), "{refused:?}");
    }
}
