//! `[[services.NAME.volumes]]`, resolved: EFS access points the app container mounts, the same
//! file system, access point, path and mode on both targets.

use super::unreadable::Lowering;
use crate::spec;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EfsMount {
    pub file_system_id: String,
    pub access_point_id: String,
    /// Absolute path in the app container.
    pub path: String,
    pub read_only: bool,
}

impl EfsMount {
    /// The task volume and pod volume name: an access point is mounted once per service
    /// (TF089), so its ID names the volume in that service.
    pub fn volume_name(&self) -> String {
        format!("efs-{}", self.access_point_id)
    }

    /// The EFS CSI driver's static `volumeHandle` for an access point: `fs-…::fsap-…`.
    pub fn volume_handle(&self) -> String {
        format!("{}::{}", self.file_system_id, self.access_point_id)
    }
}

pub(super) fn lower(lw: &mut Lowering, service: &str, volumes: &[spec::Volume]) -> Vec<EfsMount> {
    volumes
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let i = i.to_string();
            let path = |k| ["services", service, "volumes", i.as_str(), k];
            // TF088 requires the three keys.
            EfsMount {
                file_system_id: lw
                    .required(v.file_system_id.as_deref(), &path("file_system_id"))
                    .to_owned(),
                access_point_id: lw
                    .required(v.access_point_id.as_deref(), &path("access_point_id"))
                    .to_owned(),
                path: lw.required(v.path.as_deref(), &path("path")).to_owned(),
                read_only: v.read_only.unwrap_or(false),
            }
        })
        .collect()
}
