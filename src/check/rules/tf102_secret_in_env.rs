//! [`Code::SecretInEnv`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF102`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

/// Words that make a name look like a secret, alone or ending a compound word (`DBPASSWORD`,
/// `CLIENTSECRET`, `AUTHTOKEN`), plurals included.
const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "SECRET",
    "TOKEN",
    "CREDENTIALS",
];
/// `KEY` ends too many ordinary words (`MONKEY`, `HOTKEY`, `KEYCLOAK`), so only these count.
const KEY_WORDS: &[&str] = &[
    "KEY",
    "APIKEY",
    "ACCESSKEY",
    "PRIVATEKEY",
    "SIGNINGKEY",
    "ENCRYPTIONKEY",
    "MASTERKEY",
];
/// A last word that makes the variable describe a secret rather than hold one: `TOKEN_TTL`,
/// `API_KEY_ID`, `PASSWORD_MIN_LENGTH`, `SECRET_ARN`, `SSL_KEY_FILE`.
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

/// Whether a variable name looks like it holds a secret. The name is split into words at `_`
/// and at lower-to-upper changes (`dbPassword` → `DB`, `PASSWORD`); a `PUBLIC` word or a
/// metadata last word means it does not; `PWD` counts only next to another word (`DB_PWD`),
/// since `PWD` alone is the shell's working directory.
pub fn looks_secret(var: &str) -> bool {
    let words = words(var);
    let Some(last) = words.last() else {
        return false;
    };
    if METADATA.contains(&last.as_str()) || words.iter().any(|w| w == "PUBLIC") {
        return false;
    }
    words.iter().any(|word| {
        let singular = word.strip_suffix('S').unwrap_or(word);
        SECRET_WORDS
            .iter()
            .any(|s| singular.ends_with(s) || word.ends_with(s))
            || KEY_WORDS.contains(&singular)
            || (word == "PWD" && words.len() > 1)
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

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (kind, section, name, env, _) in cx.env_owners() {
        for var in env.keys().filter(|v| looks_secret(v)) {
            out.push(
                Diagnostic::new(Code::SecretInEnv, format!("{kind} `{name}`: `{var}` looks like a secret but is a plain variable"))
                    .at(cx.key(&[section, name, "env", var]), "visible in the task definition and the Deployment")
                    .help(format!("store it in Secrets Manager and use `secrets = {{ {var} = \"arn:aws:secretsmanager:...\" }}`")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::looks_secret;

    #[test]
    fn secret_looking_names() {
        for name in [
            "DB_PASSWORD",
            "PASSWORD",
            "TOKEN",
            "api_key",
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
            "DB_PWD",
            "GOOGLE_CREDENTIALS",
            "refreshTokens",
        ] {
            assert!(looks_secret(name), "{name} should look like a secret");
        }
    }

    #[test]
    fn ordinary_names() {
        for name in [
            "KEYCLOAK_URL",
            "MONKEY",
            "LOG_LEVEL",
            "KEYBOARD_LAYOUT",
            "HOTKEY",
            "API_KEY_ID",
            "TOKEN_TTL",
            "PASSWORD_MIN_LENGTH",
            "SECRET_ARN",
            "SSL_KEY_FILE",
            "PUBLIC_KEY",
            "JWT_PUBLIC_KEY",
            "TOKENIZER_MODEL",
            "CACHE_KEY_PREFIX",
            "PWD",
            "",
        ] {
            assert!(!looks_secret(name), "{name} should not look like a secret");
        }
    }
}
