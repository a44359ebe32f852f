//! What every rule reads: each example and test spec × environment synthesized to both targets
//! (CloudFormation as JSON, every template of a nested layout included), grouped by spec so a
//! rule can compare the environments that share an account or a cluster.
#![allow(dead_code)] // each rule uses the parts it needs

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use twinform::model::Model;
use twinform::{Format, Options};

/// One spec × environment, synthesized.
pub struct Case {
    /// `shop`, `marketplace`, `cfn-variants`, …
    pub spec: String,
    /// `None` for the base spec (no overlay).
    pub env: Option<String>,
    pub model: Model,
    /// `cloudformation/…` path → template, parsed.
    pub templates: BTreeMap<String, Value>,
    /// Every Kubernetes object, in file order, with the file it came from.
    pub objects: Vec<(String, Value)>,
}

impl Case {
    /// `shop__prod`, the stem `.checkov-skip` and the CI output use.
    pub fn label(&self) -> String {
        format!("{}__{}", self.spec, self.env.as_deref().unwrap_or("base"))
    }

    /// The ECS template (the root of a nested layout).
    pub fn template(&self) -> &Value {
        &self.templates["cloudformation/template.json"]
    }

    /// Every resource of every template: (template path, logical ID, resource).
    pub fn resources(&self) -> impl Iterator<Item = (&str, &str, &Value)> {
        self.templates.iter().flat_map(|(path, t)| {
            t["Resources"]
                .as_object()
                .into_iter()
                .flatten()
                .map(move |(id, r)| (path.as_str(), id.as_str(), r))
        })
    }

    /// Resources of one CloudFormation type, over every template.
    pub fn resources_of<'a>(
        &'a self,
        kind: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a str, &'a Value)> + 'a {
        self.resources().filter(move |(_, _, r)| r["Type"] == kind)
    }

    /// The pod owners of services: Deployments, and the Argo Rollouts of traffic-shifting
    /// services (same `spec.selector` and `spec.template`).
    pub fn workloads(&self) -> impl Iterator<Item = &Value> + '_ {
        self.objects
            .iter()
            .map(|(_, o)| o)
            .filter(|o| o["kind"] == "Deployment" || o["kind"] == "Rollout")
    }

    /// Kubernetes objects of one kind.
    pub fn objects_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.objects
            .iter()
            .map(|(_, o)| o)
            .filter(move |o| o["kind"] == kind)
    }
}

/// Every spec the rule book covers: `examples/*/twinform.toml` and `tests/specs/*.toml`.
pub fn specs() -> Vec<(String, String)> {
    let mut specs: Vec<(String, PathBuf)> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path().join("twinform.toml"))
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.parent().unwrap().file_name().unwrap().to_string_lossy();
            (name.into_owned(), p)
        })
        .collect();
    specs.extend(
        std::fs::read_dir("tests/specs")
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p)),
    );
    specs.sort();
    assert!(specs.len() >= 5, "the examples and test specs are missing");
    specs
        .into_iter()
        .map(|(name, path)| (name, std::fs::read_to_string(path).unwrap()))
        .collect()
}

/// The environments of a spec text, base (`None`) first.
pub fn environments(text: &str) -> Vec<Option<String>> {
    let spec = twinform::spec::load("twinform.toml", text, None)
        .spec
        .expect("every example parses");
    std::iter::once(None)
        .chain(spec.environments.keys().cloned().map(Some))
        .collect()
}

/// Synthesizes one spec text for one environment (panics with the diagnostics on errors).
pub fn synthesize(spec: &str, text: &str, env: Option<&str>) -> Case {
    let options = Options {
        env: env.map(str::to_owned),
        format: Format::Json,
        ..Default::default()
    };
    let synthesis = twinform::synthesize("twinform.toml", text, &options)
        .unwrap_or_else(|c| panic!("{spec} {env:?} has errors: {:#?}", c.diagnostics));
    let model = synthesis.checked.model.clone().expect("synthesized");
    let mut templates = BTreeMap::new();
    let mut objects = Vec::new();
    for (path, bytes) in &synthesis.files {
        let text = std::str::from_utf8(bytes).unwrap();
        if path.starts_with("cloudformation/") && path.ends_with(".json") {
            templates.insert(path.clone(), serde_json::from_str(text).unwrap());
        } else if path.starts_with("kubernetes/") {
            for doc in serde_saphyr::from_multiple::<Value>(text).unwrap() {
                if !doc.is_null() {
                    objects.push((path.clone(), doc));
                }
            }
        }
    }
    Case {
        spec: spec.to_owned(),
        env: env.map(str::to_owned),
        model,
        templates,
        objects,
    }
}

/// Every spec × environment, grouped by spec (environments of one spec share an account or a
/// cluster in the layouts the examples describe).
pub fn all() -> &'static [Vec<Case>] {
    static ALL: std::sync::OnceLock<Vec<Vec<Case>>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        specs()
            .into_iter()
            .map(|(name, text)| {
                environments(&text)
                    .into_iter()
                    .map(|env| synthesize(&name, &text, env.as_deref()))
                    .collect()
            })
            .collect()
    })
}

/// Every spec × environment, flat.
pub fn cases() -> impl Iterator<Item = &'static Case> {
    all().iter().flatten()
}

/// Fails with every violation of a rule, labelled by case; `violations` yields messages.
pub fn assert_holds(rule: &str, violations: impl IntoIterator<Item = String>) {
    let all: Vec<String> = violations.into_iter().collect();
    assert!(
        all.is_empty(),
        "rule `{rule}` broken {} time(s):\n  {}",
        all.len(),
        all.join("\n  ")
    );
}

/// The cases of one spec that are deployed: its named environments, or the base when it has
/// none (with environments, the base is what they share, not a deployment of its own).
pub fn deployed(spec: &[Case]) -> Vec<&Case> {
    let named: Vec<&Case> = spec.iter().filter(|c| c.env.is_some()).collect();
    if named.is_empty() {
        spec.iter().collect()
    } else {
        named
    }
}

/// The EKS cluster a case names (`kubernetes.cluster`); cases that name the same cluster share
/// it. A case naming none is applied to whichever cluster the user's context points at, which
/// twinform cannot know, so it is taken to share no cluster.
pub fn cluster(case: &Case) -> Option<&str> {
    case.model
        .kubernetes
        .cluster
        .as_ref()
        .map(|c| c.name.as_str())
}

/// Annotation `key` of a Kubernetes object, if set.
pub fn annotation<'a>(object: &'a Value, key: &str) -> Option<&'a str> {
    object["metadata"]["annotations"][key].as_str()
}

/// A case with the Kubernetes objects a rule reads (its own, or a planted variation).
pub type View<'a> = (&'a Case, &'a [(String, Value)]);

/// Every spec's deployed environments, each with its Kubernetes objects as they are.
pub fn book() -> Vec<Vec<View<'static>>> {
    all()
        .iter()
        .map(|spec| {
            deployed(spec)
                .into_iter()
                .map(|c| (c, c.objects.as_slice()))
                .collect()
        })
        .collect()
}

/// Every statement of a role's inline policies (none when it has no `Policies`).
pub fn inline_statements(role: &Value) -> impl Iterator<Item = &Value> {
    role["Properties"]["Policies"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| {
            p["PolicyDocument"]["Statement"]
                .as_array()
                .into_iter()
                .flatten()
        })
}
