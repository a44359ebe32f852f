//! TF030: the spec defines no services.
//!
//! **What it does.** Reports a spec without any `[services.NAME]` table.
//!
//! **Why.** There would be nothing to deploy: the templates would hold only a VPC and an empty
//! cluster, which is almost certainly a mistake (a wrong file or a misspelled `[services]`).
//!
//! **Example.**
//! ```toml
//! [app]
//! name = "shop"         # error: no services
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if !cx.spec.services.is_empty() {
        return;
    }
    let at = cx
        .located
        .raw_key(&["services"])
        .or_else(|| cx.located.raw_key(&["app"]));
    out.push(
        Diagnostic::new(Code::NoServices, "the spec defines no services")
            .at(at, "no `[services.NAME]` table")
            .help("add one, e.g. `[services.web]` with `image` and `port`"),
    );
}
