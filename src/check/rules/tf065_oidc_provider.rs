//! [`Code::OidcProvider`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF065`; this file is how.

use crate::arn::parse_oidc_provider;
use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let k8s = cx.spec.kubernetes.as_ref();
    let provider = k8s.and_then(|k| k.oidc_provider_arn.as_deref());
    let region = cx.region();
    if let Some(other) = provider
        .and_then(parse_oidc_provider)
        .filter(|p| p.region != region)
    {
        out.push(
            Diagnostic::new(Code::OidcProvider, format!("the OIDC provider is of a cluster in `{}`, the app in `{region}`", other.region))
                .at(cx.value(&["kubernetes", "oidc_provider_arn"]), "another region")
                .help("name the provider of the cluster the app runs on (its issuer is `oidc.eks.REGION.amazonaws.com/id/ID`)"),
        );
        return;
    }
    if let Some(arn) = provider.filter(|a| parse_oidc_provider(a).is_none()) {
        out.push(
            Diagnostic::new(Code::OidcProvider, format!("`{}` is not an EKS OIDC provider ARN", arn.escape_debug()))
                .at(cx.value(&["kubernetes", "oidc_provider_arn"]), "not `arn:aws:iam::ACCOUNT:oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID`")
                .help("`aws eks describe-cluster --name CLUSTER --query cluster.identity.oidc.issuer` gives the issuer; the provider ARN is `arn:aws:iam::ACCOUNT:oidc-provider/` followed by the issuer without `https://`"),
        );
        return;
    }
    if provider.is_some()
        || k8s.and_then(|k| k.cluster.as_ref()).is_none()
        || cx.invalid(&["kubernetes", "oidc_provider_arn"])
    {
        return;
    }
    let needs: Vec<&str> = cx
        .services()
        .filter(|(_, s)| {
            s.iam.as_ref().is_some_and(|i| {
                i.role_arn.is_none()
                    && (i.statements.as_ref().is_some_and(|v| !v.is_empty())
                        || i.managed_policies.as_ref().is_some_and(|v| !v.is_empty()))
            })
        })
        .map(|(name, _)| name)
        .collect();
    if let Some(first) = needs.first() {
        out.push(
            Diagnostic::new(
                Code::OidcProvider,
                format!("the EKS template needs `kubernetes.oidc_provider_arn` for the IRSA role of `{}`", needs.join("`, `")),
            )
            .at(cx.value(&["kubernetes", "cluster"]), "the EKS template is emitted for this cluster")
            .also(cx.key(&["services", first, "iam"]), "permissions for the pods")
            .help("add `oidc_provider_arn = \"arn:aws:iam::ACCOUNT:oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID\"` to `[kubernetes]` (`eksctl utils associate-iam-oidc-provider` creates the provider)"),
        );
    }
}
