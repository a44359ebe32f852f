//! TF028: `kubernetes.cluster` and `kubernetes.private_subnets` go together: the EKS Fargate
//! profile runs pods in those subnets, and without a cluster the subnets are unused.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(k8s) = &cx.spec.kubernetes else {
        return;
    };
    if cx.invalid(&["kubernetes", "cluster"]) || cx.invalid(&["kubernetes", "private_subnets"]) {
        return;
    }
    let subnets = k8s.private_subnets.as_ref();
    match (&k8s.cluster, subnets) {
        (Some(_), None) => out.push(
            Diagnostic::new(Code::ClusterWithoutSubnets, "`kubernetes.cluster` needs `kubernetes.private_subnets`")
                .at(cx.value(&["kubernetes", "cluster"]), "the Fargate profile needs the cluster's private subnets")
                .help("add `private_subnets = [\"subnet-...\", \"subnet-...\"]` (the cluster's private subnets)"),
        ),
        (Some(_), Some(list)) if list.is_empty() => out.push(
            Diagnostic::new(Code::ClusterWithoutSubnets, "`kubernetes.private_subnets` is empty")
                .at(cx.value(&["kubernetes", "private_subnets"]), "no subnet")
                .help("list the cluster's private subnets, one per AZ"),
        ),
        (None, Some(_)) => out.push(
            Diagnostic::new(Code::ClusterWithoutSubnets, "`kubernetes.private_subnets` without `kubernetes.cluster`")
                .at(cx.key(&["kubernetes", "private_subnets"]), "only used for the cluster's Fargate profile")
                .help("set `cluster` to emit the Fargate profile template, or remove `private_subnets`"),
        ),
        _ => {}
    }
}
