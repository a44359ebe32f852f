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

/// The generated 300-service spec with its first routed service deployed as a canary: nested
/// stacks. The child holding the service receives the infrastructure role's ARN as a parameter
/// the root fills from the role it creates (a `GetAtt` cannot cross stacks).
pub fn nested_canary_spec() -> (String, String) {
    let text = twinform::synthetic::spec_text(300);
    let mut spec: toml::Table = toml::from_str(&text).unwrap();
    let services = spec["services"].as_table_mut().unwrap();
    let name = services
        .iter()
        .find(|(_, s)| s.get("route").is_some())
        .map(|(name, _)| name.clone())
        .expect("a routed service");
    services[&name]
        .as_table_mut()
        .unwrap()
        .insert("deploy".into(), toml::toml! { strategy = "canary" }.into());
    (name, toml::to_string(&spec).unwrap())
}

#[test]
fn a_nested_child_gets_the_role_arn_from_the_root() {
    let (name, text) = nested_canary_spec();
    let options = twinform::Options {
        format: twinform::Format::Json,
        ..Default::default()
    };
    let files = twinform::synthesize("twinform.toml", &text, &options)
        .unwrap()
        .files;
    let templates: Vec<(&String, Value)> = files
        .iter()
        .filter(|(path, _)| path.starts_with("cloudformation/") && path.ends_with(".json"))
        .map(|(path, bytes)| (path, serde_json::from_slice(bytes).unwrap()))
        .collect();
    assert!(templates.len() > 2, "not nested: {}", templates.len());
    let logical = twinform::names::pascal_case(&name);
    let (child, template) = templates
        .iter()
        .find(|(_, t)| t["Resources"].get(format!("{logical}Service")).is_some())
        .expect("the service's stack");
    let role = &template["Resources"][format!("{logical}Service")]["Properties"]["LoadBalancers"]
        [0]["AdvancedConfiguration"]["RoleArn"];
    let parameter = role["Ref"].as_str().expect("a parameter");
    assert!(template["Parameters"].get(parameter).is_some(), "{child}");
    let root = &templates
        .iter()
        .find(|(path, _)| path.as_str() == "cloudformation/template.json")
        .expect("root")
        .1;
    let passed: Vec<&Value> = root["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::CloudFormation::Stack")
        .filter_map(|r| r["Properties"]["Parameters"].get(parameter))
        .collect();
    assert_eq!(passed.len(), 1, "{passed:?}");
    let role_id = passed[0]["Fn::GetAtt"][0]
        .as_str()
        .expect("GetAtt of the role");
    assert_eq!(
        root["Resources"][role_id]["Type"], "AWS::IAM::Role",
        "{role_id}"
    );
}

/// An ALB takes at most 100 target groups (not adjustable,
/// <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html>),
/// and a traffic-shifting service has two: 60 canary routes under one host need 120.
#[test]
fn traffic_shifting_routes_count_two_target_groups_per_load_balancer() {
    let spec = |strategy: &str| {
        let mut text = String::from("[app]\nname = \"many\"\n");
        for i in 0..60 {
            text.push_str(&format!(
                "\n[services.s{i}]\nimage = \"public.ecr.aws/acme/s:1.0.0\"\nport = 8080\nroute = \"/s{i}\"\nhealth = {{ grace = 30 }}\ndeploy = {{ strategy = \"{strategy}\" }}\n"
            ));
        }
        text
    };
    let codes = |text: &str| -> Vec<&'static str> {
        let loaded = twinform::spec::load("twinform.toml", text, None);
        let (_, diagnostics) = twinform::check::check(loaded);
        diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.code.as_str())
            .collect()
    };
    assert_eq!(codes(&spec("rolling")), Vec::<&str>::new());
    assert!(
        codes(&spec("canary")).contains(&"TF040"),
        "{:?}",
        codes(&spec("canary"))
    );
}

#[test]
fn the_builder_writes_the_deploy_table_as_the_toml_does() {
    use twinform::builder::{App, Service};
    use twinform::spec::{Deploy, Strategy};
    let built = App::new("shop")
        .service(
            Service::new("api")
                .image("public.ecr.aws/acme/api:1.0.0")
                .port(8080)
                .route("/api")
                .deploy(Deploy {
                    strategy: Some(Strategy::Linear),
                    step_percent: Some(25),
                    step_minutes: Some(4),
                    ..Default::default()
                }),
        )
        .build();
    let text = spec(r#"{ strategy = "linear", step_percent = 25, step_minutes = 4 }"#);
    common::assert_builder_writes(&built, &text);
}
