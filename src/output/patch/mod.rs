//! `[[patches]]` on the emitted documents: a typed template or object is serialized to its JSON
//! form (`serde_json::Value`), patched, and written by the same deterministic writers. The
//! `Value` exists only within this serialization step; nothing upstream models output as
//! untyped JSON.
//!
//! CloudFormation patches are applied here, to the resource in whichever template the layout
//! put it (root or nested stack). Kubernetes patches are written into `kustomization.yaml` by the
//! emitter and applied by kustomize; [`verify`] applies them in memory too, so that a path that
//! does not exist is reported by `check` rather than by `kubectl apply -k`.

mod references;
mod report;

pub use report::diagnostics;

use crate::emit::{cloudformation, kubernetes};
use crate::model::{Model, Patch, PatchTarget};
use crate::quotas;
use serde_json::Value;

/// What applying the patches to the emitted documents found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// No emitted document has the target; `closest` is the nearest existing one.
    UnknownTarget {
        patch: usize,
        closest: Option<String>,
    },
    /// Operation `op` failed (`why` is json-patch's reason).
    OpFailed {
        patch: usize,
        op: usize,
        why: String,
    },
    /// The patch leaves its document unchanged.
    NoOp { patch: usize },
    /// The patch touches IAM or network access (`what` says which).
    Sensitive { patch: usize, what: String },
    /// The patched template `file` is over the template size quota.
    TooLarge {
        patch: usize,
        file: String,
        bytes: usize,
    },
    /// The patch makes the resource name `name`, which its template `file` does not define
    /// (it is in another template of the nested layout, or nowhere).
    Dangling {
        patch: usize,
        file: String,
        name: String,
    },
}

/// The CloudFormation patches of `model` that target `template`'s resources, applied to its
/// JSON form; `None` when none does (the typed template is written as is). A failing operation
/// is skipped: `check` ([`verify`]) refuses a spec with one, so it cannot reach here.
pub(crate) fn patched_template(
    model: &Model,
    template: &cloudformation::Template,
) -> Option<Value> {
    let ids: Vec<&String> = model
        .patches
        .iter()
        .filter_map(|p| match &p.target {
            PatchTarget::CloudFormation(id) => Some(id),
            PatchTarget::Kubernetes { .. } => None,
        })
        .collect();
    if !ids
        .iter()
        .any(|id| template.resources.keys().any(|k| k.as_str() == id.as_str()))
    {
        return None;
    }
    let mut value = serde_json::to_value(template).ok()?;
    for patch in &model.patches {
        if let PatchTarget::CloudFormation(id) = &patch.target
            && let Some(resource) = value.pointer_mut(&resource_pointer(id))
        {
            let _ = json_patch::patch(resource, &patch.ops);
        }
    }
    Some(value)
}

fn resource_pointer(id: &str) -> String {
    format!("/Resources/{}", id.replace('~', "~0").replace('/', "~1"))
}

/// Applies every patch of `model` to the documents `synth` would write (at check time), and
/// reports what does not apply, changes nothing or deserves a reviewer's look.
pub fn verify(model: &Model, nesting: &cloudformation::Nesting) -> Vec<Finding> {
    let mut findings = Vec::new();
    if model.patches.is_empty() {
        return findings;
    }
    // CloudFormation: every template (root, nested stacks, the EKS Fargate one) by file.
    let stacks = cloudformation::stacks(model, nesting);
    let mut templates: Vec<(String, Value)> = Vec::new();
    let ext = nesting.extension;
    // File names as `output` writes them.
    let files = std::iter::once((format!("template.{ext}"), stacks.root))
        .chain(
            stacks
                .children
                .into_iter()
                .map(|(stem, t)| (format!("{stem}.template.{ext}"), t)),
        )
        .chain(
            cloudformation::eks_fargate_template(model)
                .map(|t| (format!("eks-fargate.template.{ext}"), t)),
        );
    for (file, template) in files {
        if let Ok(value) = serde_json::to_value(&template) {
            templates.push((format!("cloudformation/{file}"), value));
        }
    }
    // Kubernetes: every object by `Kind/name`, in file order.
    let mut objects: Vec<(String, Value)> = Vec::new();
    kubernetes::each_file(model, |_, emitted| {
        for object in emitted {
            if let Ok(value) = serde_json::to_value(&object) {
                let kind = value
                    .get("kind")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let name = value
                    .pointer("/metadata/name")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if kind != "Kustomization" {
                    objects.push((format!("{kind}/{name}"), value));
                }
            }
        }
    });
    let mut touched_templates = std::collections::BTreeMap::new();
    for patch in &model.patches {
        let document = match &patch.target {
            PatchTarget::CloudFormation(id) => {
                let pointer = resource_pointer(id);
                let found = templates
                    .iter_mut()
                    .enumerate()
                    .find_map(|(i, (_, t))| t.pointer_mut(&pointer).map(|r| (i, r)));
                match found {
                    Some((i, resource)) => {
                        touched_templates.entry(i).or_insert(patch.index);
                        let before = references::named(resource);
                        apply_one(patch, resource, &mut findings);
                        let added: Vec<references::Named> = references::named(resource)
                            .difference(&before)
                            .cloned()
                            .collect();
                        let (file, template) = &templates[i];
                        // `DependsOn` and `Fn::GetAtt` name resources; `Ref` a parameter too.
                        let defined = |name: &str, resource_only: bool| {
                            template["Resources"].get(name).is_some()
                                || (!resource_only && template["Parameters"].get(name).is_some())
                        };
                        for (name, _) in added.into_iter().filter(|(n, r)| !defined(n, *r)) {
                            findings.push(Finding::Dangling {
                                patch: patch.index,
                                file: file.clone(),
                                name,
                            });
                        }
                        continue;
                    }
                    None => {
                        let known = templates.iter().flat_map(|(_, t)| {
                            t.get("Resources")
                                .and_then(Value::as_object)
                                .into_iter()
                                .flat_map(|r| r.keys())
                        });
                        let closest =
                            crate::spec::closest(id, known.map(String::as_str)).map(str::to_owned);
                        findings.push(Finding::UnknownTarget {
                            patch: patch.index,
                            closest,
                        });
                        continue;
                    }
                }
            }
            PatchTarget::Kubernetes { kind, name } => {
                let key = format!("{kind}/{name}");
                match objects.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, object)) => object,
                    None => {
                        let closest =
                            crate::spec::closest(&key, objects.iter().map(|(k, _)| k.as_str()))
                                .map(str::to_owned);
                        findings.push(Finding::UnknownTarget {
                            patch: patch.index,
                            closest,
                        });
                        continue;
                    }
                }
            }
        };
        apply_one(patch, document, &mut findings);
    }
    // The patched templates must still fit (a patch cannot add resources, only bytes).
    for (i, first_patch) in touched_templates {
        let (file, value) = &templates[i];
        let bytes = crate::output::to_json(value).len();
        if bytes as u64 > quotas::BYTES_PER_TEMPLATE.limit {
            findings.push(Finding::TooLarge {
                patch: first_patch,
                file: file.clone(),
                bytes,
            });
        }
    }
    findings
}

/// Applies `patch` to `document` operation by operation (so a failure names its operation),
/// leaving `document` patched for the patches after it, as kustomize and `synth` do.
fn apply_one(patch: &Patch, document: &mut Value, findings: &mut Vec<Finding>) {
    let before = document.clone();
    if let Some(what) = sensitive(patch, document) {
        findings.push(Finding::Sensitive {
            patch: patch.index,
            what,
        });
    }
    for (op, operation) in patch.ops.iter().enumerate() {
        if let Err(error) = json_patch::patch(document, std::slice::from_ref(operation)) {
            findings.push(Finding::OpFailed {
                patch: patch.index,
                op,
                why: why(&error.kind, operation).to_owned(),
            });
            // Later operations may depend on this one: the patch is reported, not half applied.
            *document = before;
            return;
        }
    }
    if *document == before {
        findings.push(Finding::NoOp { patch: patch.index });
    }
}

fn why(kind: &json_patch::PatchErrorKind, op: &json_patch::PatchOperation) -> &'static str {
    match kind {
        json_patch::PatchErrorKind::InvalidPointer
            if matches!(op, json_patch::PatchOperation::Add(_)) =>
        {
            "its parent does not exist"
        }
        json_patch::PatchErrorKind::InvalidPointer => "no such path",
        json_patch::PatchErrorKind::InvalidFromPointer => "no such `from` path",
        json_patch::PatchErrorKind::TestFailed => "the emitted value differs",
        json_patch::PatchErrorKind::CannotMoveInsideItself => "cannot move a value inside itself",
        _ => "the operation does not apply",
    }
}

/// Words in a CloudFormation type or operation path that mean IAM or network access.
const SENSITIVE_WORDS: [&str; 4] = [
    "PolicyDocument",
    "Policies",
    "SecurityGroup",
    "ManagedPolicyArns",
];
const SENSITIVE_KINDS: [&str; 6] = [
    "Role",
    "ClusterRole",
    "RoleBinding",
    "ClusterRoleBinding",
    "NetworkPolicy",
    "ServiceAccount",
];

fn sensitive(patch: &Patch, document: &Value) -> Option<String> {
    match &patch.target {
        PatchTarget::CloudFormation(_) => {
            let kind = document
                .get("Type")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if kind.starts_with("AWS::IAM::") || kind.contains("SecurityGroup") {
                return Some(format!("`{kind}`"));
            }
            patch.ops.iter().find_map(|op| {
                let path = op.path().to_string();
                SENSITIVE_WORDS
                    .iter()
                    .any(|w| path.contains(w))
                    .then(|| format!("`{path}`"))
            })
        }
        PatchTarget::Kubernetes { kind, .. } => SENSITIVE_KINDS
            .contains(&kind.as_str())
            .then(|| format!("a {kind}")),
    }
}
