//! `[[services.NAME.volumes]]`: existing EFS access points mounted into the app container.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An existing EFS file system's access point, mounted at `path` in the app container: an ECS
/// `EFSVolumeConfiguration` (TLS, IAM authorization as the task role), on EKS a static
/// `PersistentVolume` (`efs.csi.aws.com`) and its claim. The IDs are given because the
/// Kubernetes side names them at synth time.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Volume {
    /// Required. The file system's ID.
    #[schemars(required, example = "fs-0123456789abcdef0")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_system_id: Option<String>,
    /// Required. An access point of that file system (it sets the directory and the POSIX
    /// user the mount acts as).
    #[schemars(required, example = "fsap-0123456789abcdef0")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_point_id: Option<String>,
    /// Required. The absolute path in the app container.
    #[schemars(required, example = "/srv/media")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Mounted read-only (no `elasticfilesystem:ClientWrite` on ECS).
    #[schemars(extend("default" = false))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
}
