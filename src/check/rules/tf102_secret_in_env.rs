//! TF102 (warning): a plain `env` variable whose name looks like a secret.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

/// Name parts (split at `_`) that suggest a secret value.
const WORDS: [&str; 8] = [
    "PASSWORD",
    "PASSWD",
    "PWD",
    "TOKEN",
    "SECRET",
    "KEY",
    "APIKEY",
    "CREDENTIALS",
];

pub fn looks_secret(var: &str) -> bool {
    var.to_ascii_uppercase()
        .split('_')
        .any(|part| WORDS.contains(&part))
}

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        for var in service.env.keys().filter(|v| looks_secret(v)) {
            out.push(
                Diagnostic::new(Code::SecretInEnv, format!("service `{name}`: `{var}` looks like a secret but is a plain variable"))
                    .at(cx.key(&["services", name, "env", var]), "visible in the task definition and the Deployment")
                    .help(format!("store it in Secrets Manager and use `secrets = {{ {var} = \"arn:aws:secretsmanager:...\" }}`")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_match_whole_parts() {
        assert!(
            super::looks_secret("DB_PASSWORD")
                && super::looks_secret("api_key")
                && super::looks_secret("TOKEN")
        );
        assert!(
            !super::looks_secret("KEYCLOAK_URL")
                && !super::looks_secret("MONKEY")
                && !super::looks_secret("LOG_LEVEL")
        );
    }
}
