//! [`Code::VolumeWithExistingRole`]: what it checks and why is the registry's explanation,
//! shown by `twinform explain TF138`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let role = service.iam.as_ref().and_then(|iam| iam.role_arn.as_deref());
        if role.is_none() || service.volumes.as_ref().is_none_or(Vec::is_empty) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::VolumeWithExistingRole,
                format!("service `{name}` mounts EFS as the existing role `iam.role_arn`"),
            )
            .at(
                cx.key(&["services", name, "volumes"]),
                "mounted with IAM authorization on ECS",
            )
            .also(
                cx.value(&["services", name, "iam", "role_arn"]),
                "twinform does not change this role",
            )
            .help("allow `elasticfilesystem:ClientMount` (and `ClientWrite` for writable volumes) on each file system in that role"),
        );
    }
}
