//! Rule: a job runs at the same times, at the same size and with the permissions it needs on
//! both targets. The CronJob's `schedule`/`timeZone` and the EventBridge Scheduler schedule's
//! `cron(...)`/`ScheduleExpressionTimezone` are read here by an independent evaluator of each
//! dialect and must fire at exactly the same minutes of a year (the two dialects number days of
//! week differently: Kubernetes SUN = 0, EventBridge SUN = 1; and with both day fields
//! restricted standard cron means "either", while EventBridge needs one of them `?`). The
//! scheduler role may `ecs:RunTask` the task definition the schedule names and `iam:PassRole`
//! both of its roles, and the pod is sized like the task (Fargate adds 256 MiB on EKS).
//! Sources: <https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based>;
//! <https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax>;
//! <https://pkg.go.dev/github.com/robfig/cron/v3> (the parser the CronJob controller uses);
//! <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/CWE_IAM_role.html>.

use super::harness::{Case, assert_holds, cases, synthesize};
use serde_json::{Value, json};

#[derive(Clone, Copy, PartialEq)]
enum Dialect {
    Kubernetes,
    EventBridge,
}

const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

/// Field `index` (0 minute … 4 day of week) matches `value` (day of week: Sunday = 0).
fn matches(field: &str, index: usize, value: u32, dialect: Dialect) -> bool {
    let (min, max) = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 6)][index];
    let number = |text: &str| -> u32 {
        let upper = text.to_ascii_uppercase();
        if index == 4 {
            if let Some(i) = DAYS.iter().position(|d| *d == upper) {
                return i as u32;
            }
            let n: u32 = text.parse().expect("a day number");
            // EventBridge: 1 = Sunday; Kubernetes: 0 and 7 = Sunday.
            return match dialect {
                Dialect::EventBridge => n - 1,
                Dialect::Kubernetes => n % 7,
            };
        }
        if let Some(i) = MONTHS
            .iter()
            .position(|m| *m == upper)
            .filter(|_| index == 3)
        {
            return i as u32 + 1;
        }
        text.parse().expect("a number")
    };
    field.split(',').any(|item| {
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => (r, s.parse::<u32>().expect("a step")),
            None => (item, 1),
        };
        let (low, high) = match range {
            "*" | "?" => (min, max),
            r => match r.split_once('-') {
                Some((a, b)) => (number(a), number(b)),
                None if step > 1 => (number(r), max),
                None => (number(r), number(r)),
            },
        };
        value >= low && value <= high && (value - low).is_multiple_of(step)
    })
}

/// Whether a schedule written in `dialect` runs on this day (day of week: Sunday = 0).
fn runs_on(fields: &[&str], dialect: Dialect, dom: u32, dow: u32) -> bool {
    let m = |i: usize, v: u32| matches(fields[i], i, v, dialect);
    let (dom_any, dow_any) = match dialect {
        // robfig/cron: only a plain `*` (or `?`) is unrestricted; `*/2` is a restriction.
        Dialect::Kubernetes => (
            matches!(fields[2], "*" | "?"),
            matches!(fields[4], "*" | "?"),
        ),
        Dialect::EventBridge => (fields[2] == "?", fields[4] == "?"),
    };
    match dialect {
        // robfig/cron: with both day fields restricted, either may match.
        Dialect::Kubernetes if !dom_any && !dow_any => m(2, dom) || m(4, dow),
        _ => (dom_any || m(2, dom)) && (dow_any || m(4, dow)),
    }
}

/// Whether a schedule written in `dialect` fires at this minute.
fn fires(fields: &[&str], dialect: Dialect, t: (u32, u32, u32, u32, u32)) -> bool {
    let (minute, hour, dom, month, dow) = t;
    let m = |i: usize, v: u32| matches(fields[i], i, v, dialect);
    m(0, minute) && m(1, hour) && m(3, month) && runs_on(fields, dialect, dom, dow)
}

/// The fields of a Kubernetes schedule and of an EventBridge `cron(...)`, when both parse.
fn fields<'a>(kubernetes: &'a str, eventbridge: &'a str) -> Option<(Vec<&'a str>, Vec<&'a str>)> {
    let k: Vec<&str> = kubernetes.split_whitespace().collect();
    let inner = eventbridge.strip_prefix("cron(")?.strip_suffix(')')?;
    let e: Vec<&str> = inner.split_whitespace().collect();
    (k.len() == 5 && e.len() == 6 && e[5] == "*").then_some((k, e))
}

/// Where two schedules disagree, at most a few. A run is minute ∧ hour ∧ month ∧ day, so they
/// fire at the same minutes of every year exactly when the minute, hour and month sets agree and
/// the day rule agrees on every (day of month, day of week) pair.
fn disagreements_between(a: (&[&str], Dialect), b: (&[&str], Dialect)) -> Vec<String> {
    let mut out = Vec::new();
    for (index, name, range) in [
        (0, "minute", 0..=59),
        (1, "hour", 0..=23),
        (3, "month", 1..=12),
    ] {
        for v in range {
            if matches(a.0[index], index, v, a.1) != matches(b.0[index], index, v, b.1) {
                out.push(format!("{name} {v}"));
            }
        }
    }
    for dom in 1..=31 {
        for dow in 0..7 {
            if runs_on(a.0, a.1, dom, dow) != runs_on(b.0, b.1, dom, dow) {
                out.push(format!("day {dom}, weekday {}", DAYS[dow as usize]));
            }
        }
    }
    out.truncate(3);
    out
}

fn disagreements(kubernetes: &str, eventbridge: &str) -> Vec<String> {
    match fields(kubernetes, eventbridge) {
        Some((k, e)) => {
            disagreements_between((&k, Dialect::Kubernetes), (&e, Dialect::EventBridge))
        }
        None => vec![format!("not comparable: `{kubernetes}` vs `{eventbridge}`")],
    }
}

fn violations(case: &Case) -> Vec<String> {
    let mut out = Vec::new();
    let resources = &case.template()["Resources"];
    for job in &case.model.jobs {
        let name = job.name();
        let id = &job.task.logical_id;
        let label = format!("{} job {name}", case.label());
        let Some(cron_job) = case
            .objects_of("CronJob")
            .find(|o| o["metadata"]["name"] == name)
        else {
            out.push(format!("{label}: no CronJob"));
            continue;
        };
        let schedule = &resources[format!("{id}Schedule")]["Properties"];
        let k8s = cron_job["spec"]["schedule"].as_str().unwrap_or("");
        let eb = schedule["ScheduleExpression"].as_str().unwrap_or("");
        for t in disagreements(k8s, eb) {
            out.push(format!("{label}: `{k8s}` and `{eb}` disagree at {t}"));
        }
        if cron_job["spec"]["timeZone"] != schedule["ScheduleExpressionTimezone"] {
            out.push(format!("{label}: time zones differ"));
        }
        // Same size: the pod's requests + Fargate's 256 MiB are the task's size.
        let task = &resources[format!("{id}TaskDefinition")]["Properties"];
        let limits = &cron_job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
            ["resources"]["limits"];
        let cpu = format!(
            "{}m",
            task["Cpu"]
                .as_str()
                .unwrap_or("0")
                .parse::<u32>()
                .unwrap_or(0)
                * 1000
                / 1024
        );
        let memory = format!(
            "{}Mi",
            task["Memory"]
                .as_str()
                .unwrap_or("0")
                .parse::<u32>()
                .unwrap_or(0)
                - 256
        );
        if limits["cpu"] != json!(cpu) || limits["memory"] != json!(memory) {
            out.push(format!(
                "{label}: pod {limits} is not the task's {cpu}/{memory}"
            ));
        }
        // The schedule runs this task definition with this role, which may run and pass it.
        let ecs = &schedule["Target"]["EcsParameters"];
        if ecs["TaskDefinitionArn"] != json!({"Ref": format!("{id}TaskDefinition")}) {
            out.push(format!(
                "{label}: schedule runs {}",
                ecs["TaskDefinitionArn"]
            ));
        }
        let role_id = schedule["Target"]["RoleArn"]["Fn::GetAtt"][0]
            .as_str()
            .unwrap_or("");
        let statements =
            &resources[role_id]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
        let grants = |action: &str| -> Vec<Value> {
            statements
                .as_array()
                .into_iter()
                .flatten()
                .filter(|s| {
                    s["Action"]
                        .as_array()
                        .is_some_and(|a| a.contains(&json!(action)))
                })
                .flat_map(|s| s["Resource"].as_array().cloned().unwrap_or_default())
                .collect()
        };
        let run = grants("ecs:RunTask").iter().any(|r| {
            r.to_string()
                .contains(&format!("\"Ref\":\"{id}TaskDefinition\""))
                && r.to_string().contains("\"*\"")
        });
        if !run {
            out.push(format!(
                "{label}: scheduler role cannot RunTask every revision of the task definition"
            ));
        }
        let passed = grants("iam:PassRole");
        for role in ["ExecutionRoleArn", "TaskRoleArn"] {
            if !passed.contains(&task[role]) {
                out.push(format!(
                    "{label}: scheduler role cannot pass {role} {}",
                    task[role]
                ));
            }
        }
    }
    out
}

#[test]
fn jobs_run_alike_on_both_targets() {
    assert_holds("job schedules agree", cases().flat_map(violations));
    assert!(
        cases().any(|c| !c.model.jobs.is_empty()),
        "no case has a job: the rule checks nothing"
    );
}

#[test]
fn monday_is_monday_on_both_targets() {
    // Kubernetes day 1 is Monday; in EventBridge a 1 is Sunday.
    let case = synthesize(
        "monday",
        r#"
[app]
name = "shop"
[services.api]
image = "public.ecr.aws/acme/api:1.0.0"
port = 8080
route = "/"
[jobs.weekly]
image = "public.ecr.aws/acme/weekly:1.0.0"
schedule = "0 3 * * 1"
"#,
        None,
    );
    assert!(violations(&case).is_empty(), "{:?}", violations(&case));
    let k8s = case.objects_of("CronJob").next().expect("a CronJob")["spec"]["schedule"]
        .as_str()
        .expect("schedule")
        .to_owned();
    let eb = case.template()["Resources"]["WeeklySchedule"]["Properties"]["ScheduleExpression"]
        .as_str()
        .expect("expression")
        .to_owned();
    let k: Vec<&str> = k8s.split_whitespace().collect();
    let inner = eb.trim_start_matches("cron(").trim_end_matches(')');
    let e: Vec<&str> = inner.split_whitespace().collect();
    let monday_3am = (0, 3, 9, 6, 1);
    let sunday_3am = (0, 3, 8, 6, 0);
    assert!(
        fires(&k, Dialect::Kubernetes, monday_3am) && fires(&e, Dialect::EventBridge, monday_3am)
    );
    assert!(
        !fires(&k, Dialect::Kubernetes, sunday_3am) && !fires(&e, Dialect::EventBridge, sunday_3am)
    );
}

#[test]
fn a_numbered_day_copied_across_dialects_is_reported() {
    // The trap: "1" copied from a Kubernetes cron into EventBridge runs on Sunday.
    assert!(!disagreements("0 3 * * 1", "cron(0 3 ? * 1 *)").is_empty());
    assert!(disagreements("0 3 * * 1", "cron(0 3 ? * 2 *)").is_empty());
    // "Either day" in standard cron is not "both" in EventBridge.
    assert!(!disagreements("0 3 1 * MON", "cron(0 3 1 * MON *)").is_empty());
    let case = cases().find(|c| !c.model.jobs.is_empty()).expect("a job");
    let mut planted = Case {
        spec: case.spec.clone(),
        env: case.env.clone(),
        model: case.model.clone(),
        templates: case.templates.clone(),
        objects: case.objects.clone(),
    };
    let id = format!("{}Schedule", planted.model.jobs[0].task.logical_id);
    let template = planted
        .templates
        .get_mut("cloudformation/template.json")
        .expect("root");
    template["Resources"][&id]["Properties"]["ScheduleExpression"] = json!("cron(30 3 * * ? *)");
    assert!(!violations(&planted).is_empty());
}

mod property {
    use super::{Dialect, disagreements, disagreements_between};
    use proptest::prelude::*;
    use twinform::syntax::schedule::Schedule;

    /// One cron field over `min..=max` (day of week up to 7), with names where the field has
    /// them: the grammar users write, invalid combinations included.
    fn field(min: u32, max: u32, names: &'static [&'static str]) -> BoxedStrategy<String> {
        let value = min..=max;
        let mut choices = vec![
            Just("*".to_owned()).boxed(),
            value.clone().prop_map(|a| a.to_string()).boxed(),
            (value.clone(), value.clone())
                .prop_map(|(a, b)| format!("{a}-{b}"))
                .boxed(),
            (1..=12u32).prop_map(|s| format!("*/{s}")).boxed(),
            (value.clone(), 1..=12u32)
                .prop_map(|(a, s)| format!("{a}/{s}"))
                .boxed(),
            (value.clone(), value.clone(), value)
                .prop_map(|(a, b, c)| format!("{a},{b}-{c}"))
                .boxed(),
        ];
        if !names.is_empty() {
            let n = names.len();
            choices.push(
                (0..n, 0..n)
                    .prop_map(move |(a, b)| format!("{}-{}", names[a], names[b]))
                    .boxed(),
            );
        }
        proptest::strategy::Union::new(choices).boxed()
    }

    const DAYS: &[&str] = &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    const MONTHS: &[&str] = &[
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];

    proptest! {
        /// Whatever cron twinform accepts, both renderings fire at the same minutes, and at the
        /// minutes the user's own text (as the CronJob controller reads it) fires.
        #[test]
        fn accepted_crons_mean_the_same_on_both_targets(
            minute in field(0, 59, &[]),
            hour in field(0, 23, &[]),
            dom in field(1, 31, &[]),
            month in field(1, 12, MONTHS),
            dow in field(0, 7, DAYS),
        ) {
            let text = format!("{minute} {hour} {dom} {month} {dow}");
            if let Ok(schedule) = Schedule::parse(&text) {
                let (k8s, eb) = (schedule.kubernetes(), schedule.eventbridge());
                prop_assert!(disagreements(&k8s, &eb).is_empty(), "{text}: {k8s} vs {eb}: {:?}", disagreements(&k8s, &eb));
                let written: Vec<&str> = text.split_whitespace().collect();
                let rendered: Vec<&str> = k8s.split_whitespace().collect();
                let changed = disagreements_between(
                    (&written, Dialect::Kubernetes),
                    (&rendered, Dialect::Kubernetes),
                );
                prop_assert!(changed.is_empty(), "{text} rendered {k8s}: {changed:?}");
            }
        }
    }
}
