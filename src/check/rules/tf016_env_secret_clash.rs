//! [`Code::EnvSecretClash`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF016`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (kind, section, name, env, secrets) in cx.env_owners() {
        for var in secrets.keys().filter(|v| env.contains_key(*v)) {
            out.push(
                Diagnostic::new(
                    Code::EnvSecretClash,
                    format!("{kind} `{name}`: `{var}` is in both `env` and `secrets`"),
                )
                .at(
                    cx.key(&[section, name, "secrets", var]),
                    "set as a secret here",
                )
                .also(
                    cx.key(&[section, name, "env", var]),
                    "and as a plain value here",
                )
                .help("keep one of them"),
            );
        }
    }
}
