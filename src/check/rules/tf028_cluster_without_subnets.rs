//! TF028: `kubernetes.cluster` without `kubernetes.private_subnets` (or the other way round).
//!
//! **What it does.** With `cluster`, requires a non-empty `private_subnets` list of distinct
//! `subnet-…` IDs; without `cluster`, the list may not be given.
//!
//! **Why.** The EKS Fargate profile emitted for the cluster places pods in the cluster's private
//! subnets, which twinform cannot discover offline; without a cluster the list would be
//! silently ignored.
//!
//! **Example.**
//! ```toml
//! [kubernetes]
//! cluster = "prod-eks"  # error: needs `private_subnets`
//! ```

use super::common::is_aws_id;
use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use std::collections::BTreeSet;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(k8s) = &cx.spec.kubernetes else {
        return;
    };
    let error = |message: &str| Diagnostic::new(Code::ClusterWithoutSubnets, message);
    match (&k8s.cluster, &k8s.private_subnets) {
        (Some(_), None) => out.push(
            error("kubernetes.cluster needs kubernetes.private_subnets")
                .at(cx.at(&["kubernetes", "cluster"]), "no `private_subnets`")
                .help("list the cluster's private subnets: `private_subnets = [\"subnet-…\", \"subnet-…\"]`"),
        ),
        (Some(_), Some(list)) if list.is_empty() => out.push(
            error("kubernetes.private_subnets is empty")
                .at(cx.at(&["kubernetes", "private_subnets"]), "no subnets")
                .help("list the cluster's private subnets (Fargate pods never run in public ones)"),
        ),
        (None, Some(_)) => out.push(
            error("kubernetes.private_subnets is given without kubernetes.cluster")
                .at(cx.at(&["kubernetes", "private_subnets"]), "only used with `cluster`")
                .help("set `cluster` to emit the EKS Fargate profile, or remove `private_subnets`"),
        ),
        _ => {}
    }
    let mut seen = BTreeSet::new();
    for (i, subnet) in k8s.private_subnets.iter().flatten().enumerate() {
        let index = i.to_string();
        let at = cx.at(&["kubernetes", "private_subnets", &index]);
        if !is_aws_id(subnet, "subnet") {
            out.push(
                error(&format!(
                    "`{}` in kubernetes.private_subnets is not a subnet ID",
                    subnet.escape_debug()
                ))
                .at(at, "not `subnet-…`"),
            );
        } else if !seen.insert(subnet) {
            out.push(error(&format!("subnet `{subnet}` is listed twice")).at(at, "listed twice"));
        }
    }
}
