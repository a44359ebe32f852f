//! TF004: `app.name` is not a DNS-1123 label of at most 20 characters.
//!
//! **What it does.** Checks the app name's characters (`a-z`, `0-9`, `-`, starting and ending
//! with a letter or digit) and its length.
//!
//! **Why.** The name prefixes AWS resource names (some limited to 32 characters) and is the
//! default Kubernetes namespace, so it must be valid in both.
//!
//! **Example.**
//! ```toml
//! [app]
//! name = "My_Shop"      # error: upper-case letters; help: `my-shop`
//! ```

use super::common::{label_problem, sanitize_label};
use crate::check::Context;
use crate::diag::{Code, Diagnostic};

const MAX: usize = 20;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(name) = cx.spec.app.as_ref().and_then(|a| a.name.as_deref()) else {
        return;
    };
    let Some(problem) = label_problem(name, MAX, false) else {
        return;
    };
    let mut d = Diagnostic::new(
        Code::AppName,
        format!("app name `{name}` is not a DNS-1123 label: {problem}"),
    )
    .at(cx.at(&["app", "name"]), "invalid app name");
    d = match sanitize_label(name, MAX, false) {
        Some(fixed) => d.help(format!("try `name = \"{fixed}\"`")),
        None => d.help(format!(
            "use lower-case letters, digits and `-`, at most {MAX} characters"
        )),
    };
    out.push(d);
}
