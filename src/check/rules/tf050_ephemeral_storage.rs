//! TF050: `ephemeral_storage_gib` is 21..=175 — above ECS Fargate's 20 GiB default, and within
//! EKS Fargate's 175 GiB maximum (ECS would take 200), since one spec deploys to both.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

/// ECS's minimum `EphemeralStorage.SizeInGiB`.
pub const MIN_GIB: i64 = 21;
/// EKS Fargate's maximum pod ephemeral storage (ECS Fargate's is 200).
pub const MAX_GIB: i64 = 175;

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
                "EKS Fargate pods get at most 175 GiB (ECS would allow 200); the same spec deploys to both",
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
