//! [`Code::IamWithoutEks`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF115`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx
        .spec
        .kubernetes
        .as_ref()
        .is_some_and(|k| k.cluster.is_some())
        || cx.invalid(&["kubernetes", "cluster"])
    {
        return;
    }
    let owners = cx
        .services()
        .map(|(name, s)| ("service", "services", name, s.iam.as_ref()))
        .chain(
            cx.spec
                .jobs
                .iter()
                .map(|(name, j)| ("job", "jobs", name.as_str(), j.iam.as_ref())),
        );
    for (what, section, name, iam) in owners {
        let Some(iam) = iam.filter(|i| i.role_arn.is_none()) else {
            continue;
        };
        if iam.statements.as_ref().is_none_or(Vec::is_empty)
            && iam.managed_policies.as_ref().is_none_or(Vec::is_empty)
        {
            continue;
        }
        out.push(
            Diagnostic::new(Code::IamWithoutEks, format!("{what} `{name}` has no IAM role on EKS"))
                .at(cx.key(&[section, name, "iam"]), "permissions for the ECS task role only")
                .help("set `kubernetes.cluster` and `kubernetes.oidc_provider_arn` to emit its IRSA role, or use `iam.role_arn`"),
        );
    }
}
