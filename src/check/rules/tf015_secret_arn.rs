//! TF015: a `secrets` value is not a Secrets Manager or SSM parameter ARN.
//!
//! **What it does.** Parses every `secrets` value with `arn::parse_secret`, and checks that its
//! partition is the app region's (`aws`, `aws-cn`, `aws-us-gov`).
//!
//! **Why.** ECS and the External Secrets Operator fetch secrets by ARN; a plain value or another
//! kind of ARN would put the secret in clear text or fail at task start.
//!
//! **Example.**
//! ```toml
//! [services.api]
//! secrets = { DB_PASSWORD = "hunter2" }   # error: not a secret ARN
//! ```

use super::common::partition_of;
use crate::arn;
use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::defaults;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let region = cx
        .spec
        .app
        .as_ref()
        .and_then(|a| a.region.as_deref())
        .unwrap_or(defaults::REGION);
    let partition = partition_of(region);
    for (name, service) in cx.services() {
        for (var, value) in &service.secrets {
            let at = cx.at(&["services", name, "secrets", var]);
            if arn::parse_secret(value).is_none() {
                out.push(
                    Diagnostic::new(
                        Code::SecretArn,
                        format!("service `{name}`: secret `{var}` is not a Secrets Manager or SSM parameter ARN"),
                    )
                    .at(at, "not a secret ARN")
                    .help("use `arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME` or `arn:aws:ssm:REGION:ACCOUNT:parameter/NAME`"),
                );
            } else if value.split(':').nth(1) != Some(partition) {
                out.push(
                    Diagnostic::new(
                        Code::SecretArn,
                        format!("service `{name}`: secret `{var}` is not in the `{partition}` partition of region `{region}`"),
                    )
                    .at(at, "another partition")
                    .help(format!("tasks in `{region}` can only read secrets from `arn:{partition}:…` ARNs")),
                );
            }
        }
    }
}
