//! TF016: the same variable in `env` and in `secrets`.
//!
//! **What it does.** Reports a variable name defined in both tables of a service, at the
//! `secrets` entry, with a label on the `env` one.
//!
//! **Why.** The container can only get one value; which one wins differs between ECS and
//! Kubernetes, so the two targets would silently disagree.
//!
//! **Example.**
//! ```toml
//! [services.api]
//! env = { DB_URL = "postgres://db" }
//! secrets = { DB_URL = "arn:aws:secretsmanager:…" }   # error: also in `env`
//! ```

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
                    cx.key_at(&["services", name, "secrets", var]),
                    "defined as a secret",
                )
                .also(
                    cx.located.key(&["services", name, "env", var]),
                    "and as a plain variable",
                )
                .help("keep one of them"),
            );
        }
    }
}
