//! `[[patches]]`: RFC 6902 JSON Patch operations on one emitted CloudFormation resource or
//! Kubernetes object — the escape hatch for a property twinform does not model.
//!
//! Overlays append (`[[environments.NAME.patches]]` adds to the base's list rather than
//! replacing it), so an environment can carry its own patches next to the shared ones.

use super::Spec;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One `[[patches]]` entry: a target (exactly one of `cloudformation`, `kubernetes`), why it
/// exists, and the operations applied in order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ResourcePatch {
    /// The logical ID of a CloudFormation resource (`StorefrontService`), in whichever
    /// template (root or nested stack) holds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloudformation: Option<String>,
    /// A Kubernetes object as `Kind/name` (`Deployment/storefront`); applied by kustomize as a
    /// `patches:` entry of `kustomization.yaml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<String>,
    /// Required: why the escape hatch exists (shown by `twinform summary`).
    #[schemars(required)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The RFC 6902 operations, applied in order; paths are JSON Pointers into the resource
    /// (`/Properties/...`) or object (`/spec/...`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ops: Vec<PatchOp>,
}

/// An RFC 6902 operation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PatchOp {
    #[schemars(required)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub op: Option<OpKind>,
    /// A JSON Pointer (RFC 6901), e.g. `/Properties/HealthCheckGracePeriodSeconds`.
    #[schemars(required)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The source pointer of `move` and `copy`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The value of `add`, `replace` and `test` (any TOML value except a datetime).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
}

/// The six RFC 6902 operations.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum OpKind {
    Add,
    Remove,
    Replace,
    Move,
    Copy,
    Test,
}

impl OpKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OpKind::Add => "add",
            OpKind::Remove => "remove",
            OpKind::Replace => "replace",
            OpKind::Move => "move",
            OpKind::Copy => "copy",
            OpKind::Test => "test",
        }
    }
}

/// The key `toml` gives a datetime when it deserializes into a self-describing value: JSON has
/// no datetime, so a `value` holding one is refused rather than written as this object.
pub const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

/// The raw key path (for `Located::raw_value`) of the effective spec's patch `index`: the
/// effective list is the base's patches, then the selected overlay's.
pub fn origin(spec: &Spec, env: Option<&str>, index: usize) -> Vec<String> {
    let overlay = env
        .and_then(|env| spec.environments.get(env))
        .map_or(0, |o| o.patches.len());
    let base = spec.patches.len().saturating_sub(overlay);
    match env {
        Some(env) if index >= base => vec![
            "environments".into(),
            env.into(),
            "patches".into(),
            (index - base).to_string(),
        ],
        _ => vec!["patches".into(), index.to_string()],
    }
}

/// [`origin`] of every patch of the effective spec.
pub fn origins(spec: &Spec, env: Option<&str>) -> Vec<Vec<String>> {
    (0..spec.patches.len())
        .map(|i| origin(spec, env, i))
        .collect()
}

/// The effective list: the base's patches followed by the overlay `env`'s.
pub(super) fn appended(base: Vec<ResourcePatch>, spec: &Spec, env: &str) -> Vec<ResourcePatch> {
    let overlay = spec.environments.get(env).map(|o| o.patches.iter());
    base.into_iter()
        .chain(overlay.into_iter().flatten().cloned())
        .collect()
}

/// Whether `value` holds a JSON `null` (what a TOML NaN or infinity becomes): TOML cannot write
/// it back, so it is refused.
pub fn has_null(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Null => true,
        serde_json::Value::Object(map) => map.values().any(has_null),
        serde_json::Value::Array(items) => items.iter().any(has_null),
        _ => false,
    }
}
