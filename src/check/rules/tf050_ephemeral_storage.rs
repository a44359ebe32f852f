//! [`Code::EphemeralStorage`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF050`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

/// ECS's minimum `EphemeralStorage.SizeInGiB`.
pub const MIN_GIB: i64 = 21;
/// EKS Fargate's largest pod ephemeral storage, provisioned (ECS Fargate's is 200).
pub const EKS_PROVISIONED_MAX_GIB: i64 = 175;
/// The largest request whose provisioned size (request + 10% + 5 GiB) fits in 175 GiB.
pub const MAX_GIB: i64 = (EKS_PROVISIONED_MAX_GIB - 5) * 10 / 11;

const _: () = assert!(MAX_GIB == 154 && MAX_GIB * 11 / 10 + 5 <= EKS_PROVISIONED_MAX_GIB);

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(gib) = service.ephemeral_storage_gib else {
            continue;
        };
        let (label, help) = if gib < MIN_GIB {
            (
                format!("below {MIN_GIB}"),
                "Fargate gives every task 20 GiB; remove the key for that, or ask for 21 or more",
            )
        } else if gib > MAX_GIB {
            (
                format!("above {MAX_GIB}"),
                "EKS Fargate provisions a pod's request + 10% + 5 GiB, at most 175 GiB, so 154 is the largest request (ECS would allow 200); the same spec deploys to both",
            )
        } else {
            continue;
        };
        out.push(
            Diagnostic::new(
                Code::EphemeralStorage,
                format!("service `{name}`: ephemeral storage of {gib} GiB is out of bounds"),
            )
            .at(
                cx.value(&["services", name, "ephemeral_storage_gib"]),
                label,
            )
            .help(help),
        );
    }
}
