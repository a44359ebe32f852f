//! `[[patches]]` (issue 17 item 3): RFC 6902 operations on emitted CloudFormation resources
//! (applied by twinform, in whichever template holds the resource) and Kubernetes objects
//! (written as kustomize `patches:` entries), checked on the emitted documents.

use serde_json::{Value, json};
use twinform::diag::Diagnostic;
use twinform::{Format, Options};

const SHOP: &str = include_str!("../examples/shop/twinform.toml");

fn options(env: Option<&str>) -> Options {
    Options {
        env: env.map(str::to_owned),
        format: Format::Json,
        ..Options::default()
    }
}

fn files(text: &str, env: Option<&str>) -> twinform::FileSet {
    match twinform::synthesize("t.toml", text, &options(env)) {
        Ok(s) => s.files,
        Err(c) => panic!("{:#?}", c.diagnostics),
    }
}

fn json_file(files: &twinform::FileSet, path: &str) -> Value {
    serde_json::from_slice(&files[path]).expect("JSON")
}

fn diagnostics(text: &str, env: Option<&str>) -> Vec<Diagnostic> {
    twinform::check_with("t.toml", text, &options(env)).diagnostics
}

/// The first diagnostic of `code` for `text`, which must report one.
fn finding(text: &str, env: Option<&str>, code: &str) -> Diagnostic {
    diagnostics(text, env)
        .into_iter()
        .find(|d| d.code.as_str() == code)
        .unwrap_or_else(|| panic!("no {code}"))
}

fn codes(text: &str, env: Option<&str>) -> Vec<String> {
    diagnostics(text, env)
        .iter()
        .map(|d| d.code.as_str().to_owned())
        .collect()
}

/// The shop example without its own patches, plus `patches` (TOML).
fn shop_with(patches: &str) -> String {
    let base = SHOP
        .split("\n[[environments.prod.patches]]")
        .next()
        .unwrap_or(SHOP);
    format!("{base}\n{patches}")
}

fn kustomization(files: &twinform::FileSet) -> String {
    String::from_utf8(files["kubernetes/kustomization.yaml"].clone()).expect("UTF-8")
}

#[test]
fn cloudformation_add_replace_remove_in_the_root_template() {
    let text = shop_with(
        r#"
[[patches]]
cloudformation = "ApiService"
reason = "test"
ops = [
  { op = "add", path = "/Properties/AvailabilityZoneRebalancing", value = "ENABLED" },
  { op = "replace", path = "/Properties/DesiredCount", value = 4 },
  { op = "remove", path = "/Properties/EnableExecuteCommand" },
]
"#,
    );
    let before = json_file(&files(&shop_with(""), None), "cloudformation/template.json");
    let after = json_file(&files(&text, None), "cloudformation/template.json");
    let (b, a) = (
        &before["Resources"]["ApiService"]["Properties"],
        &after["Resources"]["ApiService"]["Properties"],
    );
    assert_eq!(b["AvailabilityZoneRebalancing"], Value::Null);
    assert_eq!(a["AvailabilityZoneRebalancing"], json!("ENABLED"));
    assert_ne!(b["DesiredCount"], json!(4));
    assert_eq!(a["DesiredCount"], json!(4));
    assert_eq!(b["EnableExecuteCommand"], json!(false));
    assert!(a.get("EnableExecuteCommand").is_none());
    // Nothing else changed: the other resources are byte-for-byte what twinform emits.
    let mut rest = after.clone();
    rest["Resources"]["ApiService"] = before["Resources"]["ApiService"].clone();
    assert_eq!(rest, before);
}

#[test]
fn cloudformation_patches_reach_a_resource_in_a_nested_stack() {
    let mut text = twinform::synthetic::spec_text(41);
    text.push_str(
        r#"
[[patches]]
cloudformation = "Svc0040Service"
reason = "rebalance across AZs on update too"
ops = [ { op = "add", path = "/Properties/AvailabilityZoneRebalancing", value = "ENABLED" },
        { op = "replace", path = "/Properties/PropagateTags", value = "TASK_DEFINITION" },
        { op = "remove", path = "/Properties/EnableECSManagedTags" } ]
"#,
    );
    let files = files(&text, None);
    let holder: Vec<&String> = files
        .keys()
        .filter(|k| {
            k.starts_with("cloudformation/")
                && json_file(&files, k)["Resources"]
                    .get("Svc0040Service")
                    .is_some()
        })
        .collect();
    assert_eq!(holder.len(), 1, "{holder:?}");
    assert_ne!(
        holder[0], "cloudformation/template.json",
        "the layout nests it"
    );
    let resource = &json_file(&files, holder[0])["Resources"]["Svc0040Service"]["Properties"];
    assert_eq!(resource["AvailabilityZoneRebalancing"], json!("ENABLED"));
    assert_eq!(resource["PropagateTags"], json!("TASK_DEFINITION"));
    assert!(resource.get("EnableECSManagedTags").is_none());
}

#[test]
fn kubernetes_patches_become_kustomize_patches_and_are_proven_in_memory() {
    let text = shop_with(
        r#"
[[patches]]
kubernetes = "Deployment/api"
reason = "test"
ops = [
  { op = "add", path = "/spec/revisionHistoryLimit", value = 5 },
  { op = "replace", path = "/spec/template/spec/terminationGracePeriodSeconds", value = 45 },
  { op = "remove", path = "/spec/template/spec/containers/0/ports" },
]
"#,
    );
    let files = files(&text, None);
    let kustomization: Value = kustomize_patches(&kustomization(&files));
    let patches = kustomization["patches"].as_array().expect("patches:");
    assert_eq!(patches.len(), 1);
    assert_eq!(
        patches[0]["target"],
        json!({"kind": "Deployment", "name": "api"})
    );
    let ops: Value = serde_json::from_str(patches[0]["patch"].as_str().expect("inline patch"))
        .expect("the inline patch is a JSON 6902 document");
    assert_eq!(
        ops,
        json!([
            {"op": "add", "path": "/spec/revisionHistoryLimit", "value": 5},
            {"op": "replace", "path": "/spec/template/spec/terminationGracePeriodSeconds", "value": 45},
            {"op": "remove", "path": "/spec/template/spec/containers/0/ports"},
        ])
    );
    // The manifests themselves are unchanged: kustomize applies the patch.
    let plain = self::files(&shop_with(""), None);
    assert_eq!(files["kubernetes/api.yaml"], plain["kubernetes/api.yaml"]);
}

/// `patches:` of the kustomization twinform writes, read back line by line
/// (the test needs only `patches`).
fn kustomize_patches(yaml: &str) -> Value {
    // `patch:` is a JSON string on one line and `target:` two plain keys: enough to rebuild.
    let mut patches = Vec::new();
    let lines: Vec<&str> = yaml.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if let Some(patch) = line.strip_prefix("- patch: ") {
            let patch: String = serde_json::from_str(patch).expect("a JSON-quoted string");
            let kind = lines[i + 2].trim().strip_prefix("kind: ").expect("kind");
            let name = lines[i + 3].trim().strip_prefix("name: ").expect("name");
            patches.push(json!({"patch": patch, "target": {"kind": kind, "name": name}}));
        }
    }
    json!({ "patches": patches })
}

#[test]
fn a_path_that_does_not_exist_is_a_located_error_and_nothing_is_written() {
    let text = shop_with(
        r#"
[[patches]]
cloudformation = "ApiService"
reason = "test"
ops = [ { op = "remove", path = "/Properties/NoSuchProperty" } ]
"#,
    );
    let d = finding(&text, None, "TF098");
    let span = d.primary.as_ref().expect("located").span.clone();
    assert_eq!(&text[span], "\"/Properties/NoSuchProperty\"");
    assert!(twinform::synthesize("t.toml", &text, &options(None)).is_err());
    // `add` needs the parent; `test` needs the value to match.
    let text = shop_with(
        r#"
[[patches]]
kubernetes = "Deployment/api"
reason = "test"
ops = [ { op = "add", path = "/spec/nope/child", value = 1 } ]

[[patches]]
kubernetes = "Deployment/api"
reason = "test"
ops = [ { op = "test", path = "/kind", value = "StatefulSet" } ]
"#,
    );
    assert_eq!(codes(&text, None), ["TF098", "TF098"]);
}

#[test]
fn an_unknown_target_names_the_closest() {
    let text = shop_with(
        r#"
[[patches]]
cloudformation = "ApiServce"
reason = "test"
ops = [ { op = "remove", path = "/Properties/DesiredCount" } ]
"#,
    );
    let found = diagnostics(&text, None);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code.as_str(), "TF097");
    assert!(
        found[0].help.iter().any(|h| h.contains("`ApiService`")),
        "{:?}",
        found[0].help
    );
}

#[test]
fn output_with_patches_is_deterministic() {
    let text = shop_with(
        r#"
[[patches]]
cloudformation = "ApiService"
reason = "test"
ops = [ { op = "add", path = "/Properties/Tags/-", value = { Key = "b", Value = "2" } },
        { op = "add", path = "/Properties/AvailabilityZoneRebalancing", value = "ENABLED" } ]

[[patches]]
kubernetes = "Deployment/api"
reason = "test"
ops = [ { op = "add", path = "/metadata/annotations", value = { z = "1", a = "2" } } ]
"#,
    );
    for format in [Format::Json, Format::Yaml] {
        let options = Options {
            env: Some("prod".into()),
            format,
            ..Options::default()
        };
        let one = twinform::synthesize("t.toml", &text, &options)
            .expect("synthesizes")
            .files;
        let two = twinform::synthesize("t.toml", &text, &options)
            .expect("synthesizes")
            .files;
        assert_eq!(one, two);
    }
}

#[test]
fn overlays_append_to_the_base_patches() {
    let text = shop_with(
        r#"
[[patches]]
kubernetes = "Deployment/api"
reason = "base"
ops = [ { op = "add", path = "/spec/revisionHistoryLimit", value = 5 } ]

[[environments.prod.patches]]
cloudformation = "ApiService"
reason = "prod only"
ops = [ { op = "add", path = "/Properties/AvailabilityZoneRebalancing", value = "ENABLED" } ]
"#,
    );
    let base = files(&text, None);
    let prod = files(&text, Some("prod"));
    let dev = files(&text, Some("dev"));
    for files in [&base, &prod, &dev] {
        assert!(kustomization(files).contains("revisionHistoryLimit"));
    }
    let rebalancing = |files: &twinform::FileSet| {
        json_file(files, "cloudformation/template.json")["Resources"]["ApiService"]["Properties"]
            ["AvailabilityZoneRebalancing"]
            .clone()
    };
    assert_eq!(rebalancing(&prod), json!("ENABLED"));
    assert_eq!(rebalancing(&base), Value::Null);
    assert_eq!(rebalancing(&dev), Value::Null);
    // An overlay's bad patch is located in the overlay.
    let bad = format!(
        "{text}\n[[environments.prod.patches]]\ncloudformation = \"ApiService\"\nreason = \"x\"\nops = [ {{ op = \"remove\", path = \"/Properties/Nope\" }} ]\n"
    );
    let d = finding(&bad, Some("prod"), "TF098");
    let span = d.primary.as_ref().expect("located").span.clone();
    assert!(
        bad[..span.start].ends_with("path = "),
        "{:?}",
        &bad[span.start - 20..span.end]
    );
    assert!(
        bad[..span.start].rfind("[[environments.prod.patches]]")
            > bad.find("reason = \"prod only\"")
    );
}

#[test]
fn a_no_op_and_an_iam_patch_are_warnings() {
    let text = shop_with(
        r#"
[[patches]]
cloudformation = "ApiService"
reason = "test"
ops = [ { op = "replace", path = "/Properties/PropagateTags", value = "SERVICE" } ]

[[patches]]
cloudformation = "ApiTaskRole"
reason = "test"
ops = [ { op = "add", path = "/Properties/MaxSessionDuration", value = 7200 } ]
"#,
    );
    let mut found = codes(&text, None);
    found.retain(|c| c.starts_with("TF15"));
    assert_eq!(found, ["TF150", "TF151"]);
    assert!(twinform::synthesize("t.toml", &text, &options(None)).is_ok());
}

#[test]
fn summary_lists_every_patch_with_its_reason() {
    let text = shop_with(
        r#"
[[patches]]
kubernetes = "Deployment/api"
reason = "keep five old ReplicaSets"
ops = [ { op = "add", path = "/spec/revisionHistoryLimit", value = 5 } ]
"#,
    );
    let synthesis = twinform::synthesize("t.toml", &text, &options(None)).expect("synthesizes");
    let model = synthesis.checked.model.as_ref().expect("model");
    let summary = twinform::review::summary(&twinform::review::SummaryInput {
        model,
        env: None,
        files: &synthesis.files,
        warnings: &[],
        diff_markdown: None,
    });
    assert!(summary.contains("**Patches**"), "{summary}");
    assert!(
        summary.contains("| Kubernetes Deployment/api |"),
        "{summary}"
    );
    assert!(summary.contains("keep five old ReplicaSets"), "{summary}");
    assert!(summary.contains("revisionHistoryLimit"), "{summary}");
}

#[test]
fn the_builder_writes_the_same_patches_as_the_file() {
    use twinform::builder::{App, Environment, ResourcePatch, Service};
    let app = App::new("shop")
        .service(
            Service::new("web")
                .image("public.ecr.aws/acme/web:1.0.0")
                .port(8080)
                .route("/"),
        )
        .patch(
            ResourcePatch::kubernetes("Deployment/web", "keep five")
                .add("/spec/revisionHistoryLimit", 5.into()),
        )
        .environment(
            "prod",
            Environment::new().patch(
                ResourcePatch::cloudformation("WebService", "rebalance")
                    .add("/Properties/AvailabilityZoneRebalancing", "ENABLED".into())
                    .test("/Properties/PropagateTags", "SERVICE".into()),
            ),
        );
    let text = app.to_toml();
    assert!(
        text.contains("[[patches]]") && text.contains("[[environments.prod.patches]]"),
        "{text}"
    );
    let built = twinform::synthesize_app(&app, &options(Some("prod"))).expect("synthesizes");
    let written =
        twinform::synthesize("<builder:shop>", &text, &options(Some("prod"))).expect("synthesizes");
    assert_eq!(built.files, written.files);
    let template = json_file(&built.files, "cloudformation/template.json");
    assert_eq!(
        template["Resources"]["WebService"]["Properties"]["AvailabilityZoneRebalancing"],
        json!("ENABLED")
    );
}

#[test]
fn check_without_an_environment_reports_a_patch_that_fails_in_one() {
    // Every run checks every environment's patches, as `check` does its rules.
    let text = shop_with(
        r#"
[[environments.prod.patches]]
cloudformation = "ApiServce"
reason = "typo in an overlay"
ops = [ { op = "remove", path = "/Properties/DesiredCount" } ]
"#,
    );
    let d = finding(&text, None, "TF097");
    assert!(
        d.message.contains("(in environment `prod`)"),
        "{}",
        d.message
    );
    let span = d.primary.as_ref().expect("located").span.clone();
    assert_eq!(&text[span], "\"ApiServce\"");
    assert!(twinform::synthesize("t.toml", &text, &options(None)).is_err());
    assert!(twinform::synthesize("t.toml", &text, &options(Some("dev"))).is_err());
}

#[test]
fn a_patch_may_not_refer_to_what_another_template_holds() {
    let mut text = twinform::synthetic::spec_text(41);
    // The root holds the cluster; a service in a child stack reaches it through a parameter.
    text.push_str(
        r#"
[[patches]]
cloudformation = "Svc0040Service"
reason = "test"
ops = [ { op = "add", path = "/DependsOn", value = ["BenchCluster"] } ]
"#,
    );
    let d = finding(&text, None, "TF098");
    assert!(d.message.contains("`BenchCluster`"), "{}", d.message);
    assert!(
        d.message.contains("cloudformation/services-"),
        "{}",
        d.message
    );
    // In the root (one template) the same kind of reference is fine.
    let text = shop_with(
        r#"
[[patches]]
cloudformation = "ApiService"
reason = "test"
ops = [ { op = "add", path = "/DependsOn/-", value = "ShopCluster" } ]
"#,
    );
    assert!(
        codes(&text, None).iter().all(|c| c != "TF098"),
        "{:?}",
        codes(&text, None)
    );
}
