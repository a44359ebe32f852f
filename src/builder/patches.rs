//! `[[patches]]` in the builder: `App::patch`, `Environment::patch`.

use super::{App, Environment};
use crate::spec::{self, OpKind};
use toml::Value;

/// One `[[patches]]` entry: RFC 6902 operations on a CloudFormation resource or a Kubernetes
/// object of the output, with the reason it exists.
///
/// ```
/// use twinform::builder::{App, ResourcePatch};
/// let app = App::new("shop").patch(
///     ResourcePatch::kubernetes("Deployment/web", "keep 3 old ReplicaSets for rollbacks")
///         .add("/spec/revisionHistoryLimit", 3.into()),
/// );
/// assert_eq!(app.spec().patches.len(), 1);
/// ```
#[derive(Debug, Clone, Default)]
pub struct ResourcePatch {
    spec: spec::ResourcePatch,
}

impl ResourcePatch {
    /// A patch of the CloudFormation resource `logical_id` (in whichever template holds it).
    pub fn cloudformation(logical_id: &str, reason: &str) -> Self {
        ResourcePatch {
            spec: spec::ResourcePatch {
                cloudformation: Some(logical_id.to_owned()),
                reason: Some(reason.to_owned()),
                ..Default::default()
            },
        }
    }

    /// A patch of the Kubernetes object `Kind/name`.
    pub fn kubernetes(kind_name: &str, reason: &str) -> Self {
        ResourcePatch {
            spec: spec::ResourcePatch {
                kubernetes: Some(kind_name.to_owned()),
                reason: Some(reason.to_owned()),
                ..Default::default()
            },
        }
    }

    fn op(mut self, op: OpKind, path: &str, from: Option<&str>, value: Option<Value>) -> Self {
        // A NaN or infinite float has no JSON form: it is left out, and check reports the
        // operation's missing `value` at this call.
        let value = value
            .and_then(|v| serde_json::to_value(v).ok())
            .filter(|v| !spec::patches::has_null(v));
        self.spec.ops.push(spec::PatchOp {
            op: Some(op),
            path: Some(path.to_owned()),
            from: from.map(str::to_owned),
            value,
        });
        self
    }

    pub fn add(self, path: &str, value: Value) -> Self {
        self.op(OpKind::Add, path, None, Some(value))
    }

    pub fn replace(self, path: &str, value: Value) -> Self {
        self.op(OpKind::Replace, path, None, Some(value))
    }

    pub fn remove(self, path: &str) -> Self {
        self.op(OpKind::Remove, path, None, None)
    }

    pub fn test(self, path: &str, value: Value) -> Self {
        self.op(OpKind::Test, path, None, Some(value))
    }

    /// `move` from `from` to `path`.
    pub fn move_to(self, from: &str, path: &str) -> Self {
        self.op(OpKind::Move, path, Some(from), None)
    }

    /// `copy` from `from` to `path`.
    pub fn copy_to(self, from: &str, path: &str) -> Self {
        self.op(OpKind::Copy, path, Some(from), None)
    }
}

impl App {
    /// A `[[patches]]` entry, applied after emission (see the README's "Escape hatches").
    #[track_caller]
    pub fn patch(mut self, patch: ResourcePatch) -> Self {
        let index = self.spec.patches.len().to_string();
        self.origins.record(&["patches", &index], "App::patch");
        self.spec.patches.push(patch.spec);
        self
    }
}

impl Environment {
    /// A patch for this environment only, after the base's.
    #[track_caller]
    pub fn patch(mut self, patch: ResourcePatch) -> Self {
        let index = self.overlay.patches.len().to_string();
        self.origins
            .record(&["patches", &index], "Environment::patch");
        self.overlay.patches.push(patch.spec);
        self
    }
}
