//! [`Code::SecretArn`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF015`; this file is how.

use crate::arn::parse_secret;
use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::syntax::partition_of;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let partition = partition_of(cx.region());
    for (name, service) in cx.services() {
        for (var, arn) in &service.secrets {
            let at = cx.value(&["services", name, "secrets", var]);
            if parse_secret(arn).is_none() {
                out.push(
                    Diagnostic::new(Code::SecretArn, format!("service `{name}`: secret `{var}` is not a secret ARN"))
                        .at(at, "not a Secrets Manager or SSM parameter ARN")
                        .help("use `arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf` (the complete ARN; optionally `:JSON_KEY::`) or `arn:aws:ssm:REGION:ACCOUNT:parameter/NAME`")
                        .help("a plain value belongs in `env`; a secret value never belongs in the spec"),
                );
            } else if let Some(found) = arn.split(':').nth(1).filter(|p| *p != partition) {
                out.push(
                    Diagnostic::new(
                        Code::SecretArn,
                        format!("service `{name}`: secret `{var}` is in partition `{found}`"),
                    )
                    .at(
                        at,
                        format!(
                            "the app's region `{}` is in partition `{partition}`",
                            cx.region()
                        ),
                    )
                    .help(format!("use an ARN starting with `arn:{partition}:`")),
                );
            }
        }
    }
}
