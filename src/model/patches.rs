//! `[[patches]]` lowered: the target and the RFC 6902 operations as `json_patch` reads them.
//! They are applied to the emitted documents' JSON form by `output::patch` (CloudFormation) and
//! written into `kustomization.yaml` for kustomize (Kubernetes).

use super::unreadable::Lowering;
use crate::spec;
use json_patch::PatchOperation;

/// One patch of the effective spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patch {
    /// Its position in the effective list (base patches, then the overlay's): diagnostics use it
    /// to find the entry in the text.
    pub index: usize,
    pub target: PatchTarget,
    pub reason: String,
    pub ops: Vec<PatchOperation>,
    /// `ops` as the RFC 6902 JSON document, serialized once here so that emitters stay
    /// infallible: kustomize reads it as the inline `patch` string.
    pub json: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum PatchTarget {
    /// A logical ID, in whichever template holds it.
    CloudFormation(String),
    Kubernetes {
        kind: String,
        name: String,
    },
}

impl std::fmt::Display for PatchTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PatchTarget::CloudFormation(id) => write!(f, "CloudFormation {id}"),
            PatchTarget::Kubernetes { kind, name } => write!(f, "Kubernetes {kind}/{name}"),
        }
    }
}

pub(super) fn lower_patches(lw: &mut Lowering, patches: &[spec::ResourcePatch]) -> Vec<Patch> {
    patches
        .iter()
        .enumerate()
        .map(|(index, patch)| {
            let at = index.to_string();
            let target = match (&patch.cloudformation, patch.kubernetes.as_deref()) {
                (Some(id), None) => PatchTarget::CloudFormation(id.clone()),
                (None, Some(k)) => match k.split_once('/') {
                    Some((kind, name)) => PatchTarget::Kubernetes {
                        kind: kind.to_owned(),
                        name: name.to_owned(),
                    },
                    None => {
                        lw.fail(&["patches", &at, "kubernetes"], "`Kind/name`");
                        PatchTarget::CloudFormation(String::new())
                    }
                },
                _ => {
                    lw.fail(&["patches", &at], "one target");
                    PatchTarget::CloudFormation(String::new())
                }
            };
            let ops: Vec<PatchOperation> = patch
                .ops
                .iter()
                .enumerate()
                .filter_map(|(i, op)| {
                    let read = operation(op);
                    if read.is_none() {
                        lw.fail(
                            &["patches", &at, "ops", &i.to_string()],
                            "an RFC 6902 operation",
                        );
                    }
                    read
                })
                .collect();
            let json = serde_json::to_string(&ops).unwrap_or_else(|_| {
                lw.fail(&["patches", &at, "ops"], "operations with a JSON form");
                String::new()
            });
            Patch {
                index,
                target,
                reason: lw
                    .required(patch.reason.as_deref(), &["patches", &at, "reason"])
                    .to_owned(),
                ops,
                json,
            }
        })
        .collect()
}

/// The operation as `json_patch` parses it (the pointers included); `None` is what TF096
/// refuses.
fn operation(op: &spec::PatchOp) -> Option<PatchOperation> {
    let mut object = serde_json::Map::new();
    object.insert("op".into(), op.op?.as_str().into());
    object.insert("path".into(), op.path.clone()?.into());
    if let Some(from) = &op.from {
        object.insert("from".into(), from.clone().into());
    }
    if let Some(value) = &op.value {
        object.insert("value".into(), value.clone());
    }
    serde_json::from_value(serde_json::Value::Object(object)).ok()
}
