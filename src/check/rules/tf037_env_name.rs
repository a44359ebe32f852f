//! TF037: an `env` or `secrets` variable name that is not a C identifier.
//!
//! **What it does.** Checks every variable name against `[A-Za-z_][A-Za-z0-9_]*`.
//!
//! **Why.** ECS passes almost any name through, while older Kubernetes versions reject other
//! names and shells and most runtimes cannot read them, so the two targets would not behave
//! the same.
//!
//! **Example.**
//! ```toml
//! [services.api]
//! env = { "LOG-LEVEL" = "info" }   # error: `-` is not allowed; help: `LOG_LEVEL`
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        for (table, vars) in [("env", &service.env), ("secrets", &service.secrets)] {
            for var in vars.keys().filter(|v| !is_identifier(v)) {
                let mut d = Diagnostic::new(
                    Code::EnvName,
                    format!(
                        "service `{name}`: `{}` in `{table}` is not a valid variable name",
                        var.escape_debug()
                    ),
                )
                .at(
                    cx.key_at(&["services", name, table, var]),
                    "not [A-Za-z_][A-Za-z0-9_]*",
                );
                let fixed: String = var
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() {
                            c.to_ascii_uppercase()
                        } else {
                            '_'
                        }
                    })
                    .collect();
                if is_identifier(&fixed) {
                    d = d.help(format!("try `{fixed}`"));
                }
                out.push(d);
            }
        }
    }
}

fn is_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
