//! [`Code::SecretElsewhere`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF125`; this file is how.

use crate::arn::{Elsewhere, account_of, secret_elsewhere};
use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::syntax::partition_of;

/// The app's account, when an ARN that must be in it says so: the cluster's OIDC provider, or
/// the ALB's certificate (ACM certificates are used from their own account only).
fn app_account<'a>(cx: &Context<'a>) -> Option<(&'a str, &'static str)> {
    let spec = cx.spec;
    let oidc = spec
        .kubernetes
        .as_ref()
        .and_then(|k| k.oidc_provider_arn.as_deref());
    let certificate = spec
        .ingress
        .as_ref()
        .and_then(|i| i.certificate_arn.as_deref());
    [
        (oidc, "kubernetes.oidc_provider_arn"),
        (certificate, "ingress.certificate_arn"),
    ]
    .into_iter()
    .find_map(|(arn, key)| Some((account_of(arn?)?, key)))
}

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let region = cx.region();
    let account = app_account(cx);
    for (name, service) in cx.services() {
        for (var, arn) in &service.secrets {
            // TF015 reports what is no secret ARN, or one of another partition.
            let at = cx.value(&["services", name, "secrets", var]);
            let own = account.map(|(own, _)| own);
            let found = match secret_elsewhere(arn, partition_of(region), region, own) {
                None => None,
                Some(Elsewhere::Region(other)) => Some((
                    format!("in Region `{other}`, not the app's `{region}`"),
                    "one ClusterSecretStore reads one Region: on EKS the ExternalSecret would not sync; copy (replicate) the secret into the app's Region and name that ARN".to_owned(),
                )),
                Some(Elsewhere::Account(other)) => account.map(|(own, key)| {
                    (
                        format!("in account `{other}`, not the app's `{own}` (from `{key}`)"),
                        "reading it from another account needs a resource policy on the secret, a customer managed KMS key, and a ClusterSecretStore with that account's credentials".to_owned(),
                    )
                }),
            };
            if let Some((label, help)) = found {
                out.push(
                    Diagnostic::new(
                        Code::SecretElsewhere,
                        format!("service `{name}`: secret `{var}` is {label}"),
                    )
                    .at(at, "this secret")
                    .help(help),
                );
            }
        }
    }
}
