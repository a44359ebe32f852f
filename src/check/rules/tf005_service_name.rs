//! TF005: a service name is not a DNS-1035 label of at most 32 characters.
//!
//! **What it does.** Checks every `[services.NAME]`: `a-z`, `0-9` and `-`, starting with a
//! letter, ending with a letter or digit, at most 32 characters.
//!
//! **Why.** The name becomes a Kubernetes Service name and the host name in
//! `http://<service>:<port>` on both targets; Service names must be DNS-1035 labels.
//!
//! **Example.**
//! ```toml
//! [services.Auth_API]   # error: upper-case letters; help: `auth-api`
//! ```

use super::common::{label_problem, sanitize_label};
use crate::check::Context;
use crate::diag::{Code, Diagnostic};

const MAX: usize = 32;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, _) in cx.services() {
        let Some(problem) = label_problem(name, MAX, true) else {
            continue;
        };
        let mut d = Diagnostic::new(
            Code::ServiceName,
            format!(
                "service name `{}` is not a DNS-1035 label: {problem}",
                name.escape_debug()
            ),
        )
        .at(cx.service_at(name), "invalid service name");
        d = match sanitize_label(name, MAX, true) {
            Some(fixed) => d.help(format!("try `[services.{fixed}]`")),
            None => d.help(format!("use lower-case letters, digits and `-`, starting with a letter, at most {MAX} characters")),
        };
        out.push(d);
    }
}
