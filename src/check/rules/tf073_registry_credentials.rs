//! [`Code::RegistryCredentials`]: what it checks and why is the registry's explanation, shown
//! by `twinform explain TF073`; this file is how.

use crate::arn::{SecretArn, parse_secret};
use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::syntax::image::parse_image;
use crate::syntax::partition_of;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let partition = partition_of(cx.region());
    for (name, service) in cx.services() {
        let Some(arn) = &service.registry_credentials else {
            continue;
        };
        let at = cx.value(&["services", name, "registry_credentials"]);
        let problem = match parse_secret(arn) {
            None | Some(SecretArn::Parameter { .. }) => Some((
                "not a Secrets Manager secret ARN".to_owned(),
                "use `arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf`: ECS reads registry credentials from Secrets Manager only".to_owned(),
            )),
            Some(SecretArn::SecretsManager { json_key: Some(key), .. }) => Some((
                format!("names the JSON key `{key}`"),
                "name the whole secret: it holds both `username` and `password`".to_owned(),
            )),
            Some(SecretArn::SecretsManager { .. }) => arn
                .split(':')
                .nth(1)
                .filter(|found| *found != partition)
                .map(|found| {
                    (
                        format!("in partition `{found}`, the app's is `{partition}`"),
                        format!("use an ARN starting with `arn:{partition}:`"),
                    )
                }),
        };
        if let Some((label, help)) = problem {
            out.push(
                Diagnostic::new(
                    Code::RegistryCredentials,
                    format!("service `{name}`: `registry_credentials` is not a usable secret"),
                )
                .at(at.clone(), label)
                .help(help),
            );
        }
        // An ECR image is pulled with the execution role's token, not a password.
        let registry = service
            .image
            .as_deref()
            .and_then(|image| parse_image(image).ok())
            .and_then(|image| image.registry);
        if let Some(ecr) = registry.filter(|host| is_ecr(host)) {
            out.push(
                Diagnostic::new(
                    Code::RegistryCredentials,
                    format!("service `{name}`: `registry_credentials` for an ECR image"),
                )
                .at(at, format!("`{ecr}` is ECR"))
                .also(cx.value(&["services", name, "image"]), "pulled with the execution role")
                .help("remove `registry_credentials`: the execution role already pulls from ECR (and the EKS pod execution role on EKS)"),
            );
        }
    }
}

/// `ACCOUNT.dkr.ecr.REGION.amazonaws.com` (and `.com.cn`).
fn is_ecr(host: &str) -> bool {
    host.contains(".dkr.ecr.")
        && (host.ends_with(".amazonaws.com") || host.ends_with(".amazonaws.com.cn"))
}
