//! [`Code::EnvName`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF037`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::syntax::is_c_identifier;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (kind, section, name, env, secrets) in cx.env_owners() {
        for (table, vars) in [("env", env), ("secrets", secrets)] {
            for var in vars.keys().filter(|v| !is_c_identifier(v)) {
                // Same case, invalid characters as `_`, and a leading `_` before a digit.
                let mut fixed: String = var
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                    .collect();
                if fixed.starts_with(|c: char| c.is_ascii_digit()) {
                    fixed.insert(0, '_');
                }
                let mut d = Diagnostic::new(
                    Code::EnvName,
                    format!(
                        "{kind} `{name}`: `{}` is not a valid variable name",
                        var.escape_debug()
                    ),
                )
                .at(
                    cx.key(&[section, name, table, var]),
                    "letters, digits and `_`, not starting with a digit",
                );
                if is_c_identifier(&fixed) {
                    d = d.help(format!("try `{fixed}`"));
                }
                out.push(d);
            }
        }
    }
}
