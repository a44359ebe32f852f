//! Helpers shared by the integration tests: snapshot settings, running the real binary, and
//! reading both targets' output back as documents.
#![allow(dead_code)] // each test crate uses the helpers it needs

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use twinform::{Format, Options};

/// Snapshots live in the top-level `snapshots/`, named without the module prefix.
pub fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new("../snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

/// Runs `twinform ARGS` in `dir` without colour: (exit code, stdout, stderr). Never a panic.
pub fn twinform(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = assert_cmd::Command::new(env!("CARGO_BIN_EXE_twinform"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr,
    )
}

/// Both targets of one synthesis, read back.
pub struct Outputs {
    /// Logical ID → resource of the ECS template.
    pub resources: BTreeMap<String, Value>,
    /// Logical ID → resource of the EKS template, when emitted.
    pub eks_resources: BTreeMap<String, Value>,
    /// `Kind/name` → Kubernetes object.
    pub objects: BTreeMap<String, Value>,
}

/// Synthesizes `text` (with `--env` and `--tag` overrides) and reads both targets back.
pub fn outputs(text: &str, env: Option<&str>, tags: &[(&str, &str)]) -> Outputs {
    let options = Options {
        env: env.map(str::to_owned),
        format: Format::Json,
        tags: tags
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..Default::default()
    };
    let files = twinform::synthesize("twinform.toml", text, &options)
        .unwrap()
        .files;
    let resources_of = |path: &str| -> BTreeMap<String, Value> {
        files.get(path).map_or_else(BTreeMap::new, |bytes| {
            let template: Value = serde_json::from_slice(bytes).unwrap();
            template["Resources"]
                .as_object()
                .unwrap()
                .clone()
                .into_iter()
                .collect()
        })
    };
    let resources = resources_of("cloudformation/template.json");
    let eks_resources = resources_of("cloudformation/eks-fargate.template.json");
    let mut objects = BTreeMap::new();
    for (path, bytes) in &files {
        if path.starts_with("kubernetes/") {
            for doc in
                serde_saphyr::from_multiple::<Value>(std::str::from_utf8(bytes).unwrap()).unwrap()
            {
                let key = format!(
                    "{}/{}",
                    doc["kind"].as_str().unwrap(),
                    doc["metadata"]["name"].as_str().unwrap_or("")
                );
                objects.insert(key, doc);
            }
        }
    }
    Outputs {
        resources,
        eks_resources,
        objects,
    }
}

/// Every logical ID (or parameter) that `v` names through `Ref`, `Fn::GetAtt` or a `${Name}` /
/// `${Name.Attr}` of `Fn::Sub` (string or `[string, variables]` form; `${!literal}` skipped).
pub fn references(v: &Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("Ref", Value::String(id)) => {
                        out.insert(id.clone());
                    }
                    ("Fn::GetAtt", Value::Array(parts)) => {
                        if let Some(id) = parts.first().and_then(Value::as_str) {
                            out.insert(id.to_owned());
                        }
                    }
                    ("Fn::Sub", Value::String(text)) => sub_names(text, out),
                    ("Fn::Sub", Value::Array(parts)) => {
                        if let Some(text) = parts.first().and_then(Value::as_str) {
                            sub_names(text, out);
                        }
                    }
                    _ => {}
                }
                references(inner, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| references(i, out)),
        _ => {}
    }
}

fn sub_names(text: &str, out: &mut std::collections::BTreeSet<String>) {
    for part in text.split("${").skip(1) {
        let name = part.split(['}', '.']).next().unwrap_or_default();
        if !name.starts_with('!') {
            out.insert(name.to_owned());
        }
    }
}

/// The example that uses every production key, with its environments.
pub const ESTATE: &str = "examples/estate/twinform.toml";

/// The estate's environments: the base (`None`) and each overlay.
pub fn estate_environments() -> Vec<Option<String>> {
    let text = std::fs::read_to_string(ESTATE).unwrap();
    let spec = twinform::spec::load(ESTATE, &text, None).spec.unwrap();
    std::iter::once(None)
        .chain(spec.environments.keys().cloned().map(Some))
        .collect()
}

/// The checked model of a spec text (panics on errors: for specs a test knows are valid).
pub fn model(text: &str, env: Option<&str>) -> twinform::model::Model {
    let checked = twinform::check_source("t.toml", text, env);
    checked
        .model
        .unwrap_or_else(|| panic!("spec has errors: {:#?}", checked.diagnostics))
}

/// A spec built with the builder is the spec `text` loads, and synthesizes to the same files.
pub fn assert_builder_writes(built: &twinform::spec::Spec, text: &str) {
    let loaded = twinform::spec::load("t.toml", text, None).spec.unwrap();
    assert_eq!(built, &loaded);
    let options = Options::default();
    let from_builder = twinform::synthesize_spec(built, &options).unwrap().files;
    let from_text = twinform::synthesize("t.toml", text, &options)
        .unwrap()
        .files;
    assert_eq!(from_builder, from_text);
}
