//! Kubernetes manifests for EKS on Fargate. This module never returns an error.

use crate::model::Model;
use serde::Serialize;
use std::collections::BTreeMap;

/// One Kubernetes object of a kind twinform emits.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum KubeObject {
    Namespace(k8s_openapi::api::core::v1::Namespace),
}

/// The manifest set: file name (relative to `DIR/kubernetes/`) → its objects, in order.
/// `kustomization.yaml` is one of the files.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Manifests {
    pub files: BTreeMap<String, Vec<KubeObject>>,
}

pub fn manifests(model: &Model) -> Manifests {
    let _ = model;
    Manifests::default()
}
