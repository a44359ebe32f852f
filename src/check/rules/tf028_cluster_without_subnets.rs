//! [`Code::ClusterWithoutSubnets`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF028`; this file is how.

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
