//! [`Code::SecretElsewhere`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF125`; this file is how.

use crate::arn::{parse, parse_secret};
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
    .find_map(|(arn, key)| {
        let account = parse(arn?)?.account;
        (account.len() == 12).then_some((account, key))
    })
}

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let region = cx.region();
    let account = app_account(cx);
    for (name, service) in cx.services() {
        for (var, arn) in &service.secrets {
            // TF015 reports what is no secret ARN, or one of another partition.
            let Some(a) = parse(arn).filter(|_| parse_secret(arn).is_some()) else {
                continue;
            };
            if a.partition != partition_of(region) {
                continue;
            }
            let at = cx.value(&["services", name, "secrets", var]);
            let found = if a.region != region {
                Some((
                    format!("in Region `{}`, not the app's `{region}`", a.region),
                    "one ClusterSecretStore reads one Region: on EKS the ExternalSecret would not sync; copy (replicate) the secret into the app's Region and name that ARN".to_owned(),
                ))
            } else {
                account.filter(|(own, _)| *own != a.account).map(|(own, key)| {
                    (
                        format!("in account `{}`, not the app's `{own}` (from `{key}`)", a.account),
                        "reading it from another account needs a resource policy on the secret, a customer managed KMS key, and a ClusterSecretStore with that account's credentials".to_owned(),
                    )
                })
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
