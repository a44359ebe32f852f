//! A deployment strategy is the same schedule on both targets: the shares of traffic the new
//! revision gets, how long each is held, and the bake after the last shift. The ECS side is read
//! from the template's `DeploymentConfiguration` with CloudFormation's step formula (steps =
//! 100/StepPercent − 1 when it divides 100, else ⌊100/StepPercent⌋,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecs-service-linearconfiguration.html>);
//! the EKS side from the Argo Rollout's canary steps
//! (<https://argoproj.github.io/argo-rollouts/features/canary/>).

mod common;

use common::outputs;
use serde_json::Value;

/// (percent, minutes) shifts, the last to 100 % held for the bake.
type Schedule = Vec<(u64, u64)>;

fn spec(deploy: &str) -> String {
    format!(
        r#"[app]
name = "shop"

[services.api]
image = "public.ecr.aws/acme/api:1.0.0"
port = 8080
route = "/api"
deploy = {deploy}
"#
    )
}

fn number(v: &Value) -> u64 {
    v.as_f64().map(|f| f as u64).expect("a number")
}

/// What ECS does with the service's `DeploymentConfiguration`, per its documentation.
fn ecs_schedule(service: &Value) -> Schedule {
    let config = &service["Properties"]["DeploymentConfiguration"];
    let bake = number(&config["BakeTimeInMinutes"]);
    let mut shifts = match config["Strategy"].as_str() {
        Some("BLUE_GREEN") => Vec::new(),
        Some("CANARY") => {
            let canary = &config["CanaryConfiguration"];
            vec![(
                number(&canary["CanaryPercent"]),
                number(&canary["CanaryBakeTimeInMinutes"]),
            )]
        }
        Some("LINEAR") => {
            let linear = &config["LinearConfiguration"];
            let step = number(&linear["StepPercent"]);
            let steps = if 100 % step == 0 {
                100 / step - 1
            } else {
                100 / step
            };
            let minutes = number(&linear["StepBakeTimeInMinutes"]);
            (1..=steps).map(|k| (k * step, minutes)).collect()
        }
        other => panic!("not a traffic-shifting strategy: {other:?}"),
    };
    shifts.push((100, bake));
    shifts
}

/// What Argo Rollouts does with the Rollout's steps: each `setWeight` held for the pauses after
/// it.
fn argo_schedule(rollout: &Value) -> Schedule {
    let mut shifts: Schedule = Vec::new();
    for step in rollout["spec"]["strategy"]["canary"]["steps"]
        .as_array()
        .expect("steps")
    {
        if let Some(weight) = step["setWeight"].as_u64() {
            shifts.push((weight, 0));
        } else if let Some(duration) = step["pause"]["duration"].as_str() {
            let minutes: u64 = duration
                .strip_suffix('m')
                .and_then(|m| m.parse().ok())
                .expect("a duration in minutes");
            shifts.last_mut().expect("a pause after a weight").1 += minutes;
        } else {
            assert_eq!(
                step["setCanaryScale"]["weight"].as_u64(),
                Some(100),
                "only a full-size canary before the first shift: {step}"
            );
            assert!(shifts.is_empty(), "setCanaryScale after a shift: {step}");
        }
    }
    shifts
}

fn both(deploy: &str) -> (Schedule, Schedule) {
    let out = outputs(&spec(deploy), None, &[]);
    (
        ecs_schedule(&out.resources["ApiService"]),
        argo_schedule(&out.objects["Rollout/api"]),
    )
}

#[test]
fn every_strategy_has_the_same_schedule_and_bake_on_both_targets() {
    let cases: &[(&str, Schedule)] = &[
        (r#"{ strategy = "blue-green" }"#, vec![(100, 15)]),
        (
            r#"{ strategy = "blue-green", bake_minutes = 0 }"#,
            vec![(100, 0)],
        ),
        (r#"{ strategy = "canary" }"#, vec![(5, 10), (100, 15)]),
        (
            r#"{ strategy = "canary", canary_percent = 20, canary_minutes = 7, bake_minutes = 30 }"#,
            vec![(20, 7), (100, 30)],
        ),
        (
            r#"{ strategy = "linear", step_percent = 25, step_minutes = 4, bake_minutes = 5 }"#,
            vec![(25, 4), (50, 4), (75, 4), (100, 5)],
        ),
        (
            r#"{ strategy = "linear", step_percent = 30, step_minutes = 2 }"#,
            vec![(30, 2), (60, 2), (90, 2), (100, 15)],
        ),
    ];
    for (deploy, expected) in cases {
        let (ecs, argo) = both(deploy);
        assert_eq!(&ecs, expected, "ECS schedule of {deploy}");
        assert_eq!(ecs, argo, "ECS and Argo differ for {deploy}");
    }
}

#[test]
fn linear_step_counts_follow_cloudformations_formula() {
    for (percent, steps) in [(10, 9), (25, 3), (30, 3), (11, 9)] {
        let (ecs, argo) = both(&format!(
            r#"{{ strategy = "linear", step_percent = {percent}, step_minutes = 1 }}"#
        ));
        assert_eq!(ecs.len(), steps + 1, "ECS steps at {percent} %");
        assert_eq!(ecs, argo, "linear {percent} %");
    }
}

#[test]
fn rolling_stays_a_deployment_without_a_strategy() {
    let out = outputs(&spec(r#"{ strategy = "rolling" }"#), None, &[]);
    let config = &out.resources["ApiService"]["Properties"]["DeploymentConfiguration"];
    assert!(config.get("Strategy").is_none(), "{config}");
    assert!(config.get("BakeTimeInMinutes").is_none(), "{config}");
    assert!(out.objects.contains_key("Deployment/api"));
    assert!(!out.objects.contains_key("Rollout/api"));
    assert!(!out.resources.contains_key("ApiAlternateTargetGroup"));
}

#[test]
fn the_model_exposes_the_same_schedule() {
    let model = common::model(
        &spec(r#"{ strategy = "canary", canary_percent = 20, canary_minutes = 7 }"#),
        None,
    );
    let deploy = model.services[0].deploy();
    assert_eq!(deploy.name(), "canary");
    assert_eq!(deploy.schedule(), vec![(20, 7), (100, 15)]);
    assert_eq!(deploy.bake(), Some(15));
}
