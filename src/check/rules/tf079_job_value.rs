//! [`Code::JobValue`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF079`; this file is how.

use crate::arn::parse_secret;
use crate::check::Context;
use crate::diag::{Code, Diagnostic};

/// A run's longest `timeout`: a day. A job that needs longer is a worker service.
pub const TIMEOUT_MAX: i64 = 86_400;
/// The most `retries`: a failing job retried more often only delays the alarm.
pub const RETRIES_MAX: i64 = 6;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, job) in &cx.spec.jobs {
        let key = |k: &str| cx.value(&["jobs", name, k]);
        let mut bad = |at, message: String, help: &str| {
            out.push(
                Diagnostic::new(Code::JobValue, format!("job `{name}`: {message}"))
                    .at(at, "invalid")
                    .help(help.to_owned()),
            );
        };
        if job.image.is_none() && !cx.invalid(&["jobs", name, "image"]) {
            bad(
                cx.located.raw_key(&["jobs", name]),
                "`image` is required".to_owned(),
                "e.g. `image = \"public.ecr.aws/acme/report:1.0.0\"`",
            );
        }
        if let Some(t) = job.timeout.filter(|t| !(1..=TIMEOUT_MAX).contains(t)) {
            bad(
                key("timeout"),
                format!("timeout = {t} is not 1..={TIMEOUT_MAX} seconds"),
                "a run's deadline in seconds, at most a day",
            );
        }
        if let Some(r) = job.retries.filter(|r| !(0..=RETRIES_MAX).contains(r)) {
            bad(
                key("retries"),
                format!("retries = {r} is not 0..={RETRIES_MAX}"),
                "the retries of a failed run (EventBridge Scheduler and the Job's backoffLimit)",
            );
        }
        if let Some(Err(problem)) = job.user.as_deref().map(crate::syntax::user::parse) {
            bad(
                key("user"),
                format!("user: {problem}"),
                "use a non-root `UID:GID`, e.g. `user = \"10001:10001\"`",
            );
        }
        for (var, arn) in &job.secrets {
            if parse_secret(arn).is_none() {
                out.push(
                    Diagnostic::new(Code::JobValue, format!("job `{name}`: secret `{var}` is not a secret ARN"))
                        .at(cx.value(&["jobs", name, "secrets", var]), "not a Secrets Manager or SSM parameter ARN")
                        .help("use `arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf` or `arn:aws:ssm:REGION:ACCOUNT:parameter/NAME`"),
                );
            }
        }
    }
}
