//! [`Code::EnvSecretClash`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF016`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        for var in service
            .secrets
            .keys()
            .filter(|v| service.env.contains_key(*v))
        {
            out.push(
                Diagnostic::new(
                    Code::EnvSecretClash,
                    format!("service `{name}`: `{var}` is in both `env` and `secrets`"),
                )
                .at(
                    cx.key(&["services", name, "secrets", var]),
                    "set as a secret here",
                )
                .also(
                    cx.key(&["services", name, "env", var]),
                    "and as a plain value here",
                )
                .help("keep one of them"),
            );
        }
    }
}
