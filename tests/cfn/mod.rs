//! Helpers of the CloudFormation tests: synthesize a spec and read the template back as JSON.

use serde_json::{Map, Value};

pub mod facts;

pub const SHOP: &str = include_str!("../../examples/shop/twinform.toml");
pub const VARIANTS: &str = include_str!("../specs/cfn-variants.toml");
pub const MARKETPLACE: &str = include_str!("../../examples/marketplace/twinform.toml");
pub const PLATFORM: &str = include_str!("../../examples/platform/twinform.toml");

/// Every (spec, environment) the tests and the validators cover; the file-name stem is
/// `{example}__{env}` (env `base` = no overlay), the convention `.checkov-skip` globs on.
pub const CASES: &[(&str, &str, Option<&str>)] = &[
    ("shop", SHOP, None),
    ("shop", SHOP, Some("dev")),
    ("shop", SHOP, Some("prod")),
    ("cfn-variants", VARIANTS, None),
    ("cfn-variants", VARIANTS, Some("existing")),
    ("platform", PLATFORM, None),
    ("platform", PLATFORM, Some("prod")),
    ("platform", PLATFORM, Some("sandbox")),
];

/// The synthesized files of a spec text (panics with the diagnostics on a spec error).
pub fn files(text: &str, env: Option<&str>, format: twinform::Format) -> twinform::FileSet {
    let options = twinform::Options {
        env: env.map(str::to_owned),
        format,
        ..Default::default()
    };
    match twinform::synthesize("twinform.toml", text, &options) {
        Ok(s) => s.files,
        Err(checked) => panic!("spec has errors: {:#?}", checked.diagnostics),
    }
}

pub fn file(files: &twinform::FileSet, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone(),
    )
    .unwrap_or_default()
}

/// The ECS template, parsed from JSON.
pub fn template(text: &str, env: Option<&str>) -> Value {
    let json = file(
        &files(text, env, twinform::Format::Json),
        "cloudformation/template.json",
    );
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("template is not JSON: {e}"))
}

pub fn resources(t: &Value) -> &Map<String, Value> {
    t["Resources"]
        .as_object()
        .unwrap_or_else(|| panic!("no Resources"))
}

pub fn of_type<'a>(t: &'a Value, kind: &str) -> Vec<(&'a String, &'a Value)> {
    resources(t)
        .iter()
        .filter(|(_, r)| r["Type"] == kind)
        .collect()
}

pub fn every_case(check: impl Fn(&str, &Value)) {
    for (name, text, env) in CASES {
        let t = template(text, *env);
        check(&format!("{name}__{}", env.unwrap_or("base")), &t);
    }
}

pub use crate::common::references;

pub fn statements(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(list)) = map.get("Statement") {
                out.extend(list.iter().cloned());
            }
            map.values().for_each(|i| statements(i, out));
        }
        Value::Array(items) => items.iter().for_each(|i| statements(i, out)),
        _ => {}
    }
}

pub fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// The resolved model of a spec text, for expectations computed from the spec.
pub fn model(text: &str, env: Option<&str>) -> twinform::model::Model {
    let checked = twinform::check_source("twinform.toml", text, env);
    checked
        .model
        .unwrap_or_else(|| panic!("spec has errors: {:#?}", checked.diagnostics))
}

/// The EKS Fargate-profile template, when the spec names a cluster.
pub fn eks_template(text: &str, env: Option<&str>) -> Option<Value> {
    let files = files(text, env, twinform::Format::Json);
    let json = files.get("cloudformation/eks-fargate.template.json")?;
    Some(serde_json::from_slice(json).unwrap_or_else(|e| panic!("EKS template is not JSON: {e}")))
}

/// The one resource with this logical ID.
pub fn resource<'a>(t: &'a Value, id: &str) -> &'a Value {
    resources(t)
        .get(id)
        .unwrap_or_else(|| panic!("no resource {id}"))
}
