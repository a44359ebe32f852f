//! TF102 (warning): a plain `env` variable whose name looks like a secret.
//!
//! **What it does.** Splits each `env` name into words (at `_` and at lower-to-upper case
//! changes) and flags it when a word is a secret word: `PASSWORD`, `PASSWD`, `PASSPHRASE`,
//! `SECRET`, `TOKEN`, `KEY`, `CREDENTIALS` (plural forms and compounds ending in one, such as
//! `DBPASSWORD` or `APIKEY`, included). `KEY` must be a whole word or one of a few compounds:
//! `API_KEY` and `APIKEY` are flagged, `KEYBOARD_LAYOUT` and `MONKEY` are not. A name that only
//! describes a secret is not flagged: one with a `PUBLIC` word, or whose last word is metadata
//! (`TOKEN_TTL`, `API_KEY_ID`, `PASSWORD_MIN_LENGTH`, `SECRET_ARN`, `KEY_FILE`).
//!
//! **Why.** Plain variables end up in clear text in the task definition and the Deployment,
//! readable by anyone who can describe them; `secrets` keeps them in Secrets Manager or SSM.
//!
//! **Example.**
//! ```toml
//! [services.api]
//! env = { DB_PASSWORD = "hunter2" }   # warning: use `secrets`
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

/// Words that, as a name's last word, mean the variable describes a secret but does not hold it.
const METADATA: &[&str] = &[
    "ALG",
    "ALGORITHM",
    "ARN",
    "COUNT",
    "DIR",
    "ENABLED",
    "EXPIRY",
    "EXPIRES",
    "FIELD",
    "FILE",
    "HEADER",
    "ID",
    "IDS",
    "LEN",
    "LENGTH",
    "LIMIT",
    "MAX",
    "MIN",
    "NAME",
    "PATH",
    "POLICY",
    "PREFIX",
    "REGION",
    "ROTATION",
    "SIZE",
    "SUFFIX",
    "TIMEOUT",
    "TTL",
    "TYPE",
    "URI",
    "URL",
    "VERSION",
];
/// Secret words that may also end a compound word (`DBPASSWORD`, `CLIENTSECRET`, `AUTHTOKEN`).
const SECRET_SUFFIXES: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "SECRET",
    "TOKEN",
    "CREDENTIALS",
];
/// `KEY` ends too many ordinary words (`MONKEY`, `HOTKEY`), so only these compounds count.
const KEY_WORDS: &[&str] = &[
    "KEY",
    "APIKEY",
    "ACCESSKEY",
    "PRIVATEKEY",
    "SIGNINGKEY",
    "ENCRYPTIONKEY",
    "MASTERKEY",
];

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        for var in service.env.keys().filter(|v| looks_secret(v)) {
            out.push(
                Diagnostic::new(
                    Code::SecretInEnv,
                    format!("service `{name}`: `{var}` looks like a secret in plain `env`"),
                )
                .at(
                    cx.key_at(&["services", name, "env", var]),
                    "stored in clear text",
                )
                .help("move it to `secrets` with a Secrets Manager or SSM parameter ARN"),
            );
        }
    }
}

fn looks_secret(name: &str) -> bool {
    let words = words(name);
    let Some(last) = words.last() else {
        return false;
    };
    if METADATA.contains(&last.as_str()) || words.iter().any(|w| w == "PUBLIC") {
        return false;
    }
    words.iter().any(|word| {
        let singular = word.strip_suffix('S').unwrap_or(word);
        SECRET_SUFFIXES
            .iter()
            .any(|s| word.ends_with(s) || singular.ends_with(s))
            || KEY_WORDS.contains(&singular)
    })
}

/// Upper-cased words of a variable name: `dbPassword` and `DB_PASSWORD` → `DB`, `PASSWORD`.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            words.push(std::mem::take(&mut current));
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_uppercase());
    }
    words.push(current);
    words.retain(|w| !w.is_empty());
    words
}

#[cfg(test)]
mod tests {
    use super::looks_secret;

    #[test]
    fn secret_looking_names() {
        for name in [
            "DB_PASSWORD",
            "PASSWORD",
            "API_KEY",
            "APIKEY",
            "apiKey",
            "JWT_SIGNING_KEY",
            "AWS_SECRET_ACCESS_KEY",
            "GITHUB_TOKEN",
            "AUTHTOKEN",
            "CLIENT_SECRET",
            "SECRET_KEY_BASE",
            "DBPASSWORD",
            "STRIPE_KEYS",
            "SMTP_PASSWD",
            "GOOGLE_CREDENTIALS",
            "refreshTokens",
        ] {
            assert!(looks_secret(name), "{name} should look like a secret");
        }
    }

    #[test]
    fn ordinary_names() {
        for name in [
            "KEYBOARD_LAYOUT",
            "MONKEY_MODE",
            "LOG_LEVEL",
            "API_KEY_ID",
            "TOKEN_TTL",
            "PASSWORD_MIN_LENGTH",
            "SECRET_ARN",
            "SSL_KEY_FILE",
            "PUBLIC_KEY",
            "JWT_PUBLIC_KEY",
            "TOKENIZER_MODEL",
            "KEYCLOAK_URL",
            "CACHE_KEY_PREFIX",
            "",
            "HOTKEY",
        ] {
            assert!(!looks_secret(name), "{name} should not look like a secret");
        }
    }
}
