//! [`Code::NoServices`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF030`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.services().next().is_none() {
        out.push(
            Diagnostic::new(Code::NoServices, "the spec defines no services")
                .at(cx.located.raw_key(&["services"]), "empty")
                .help("add a `[services.NAME]` table with `image` and `port`"),
        );
    }
}
