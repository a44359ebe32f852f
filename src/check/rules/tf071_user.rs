//! [`Code::User`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF071`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(user) = &service.user else { continue };
        if let Err(problem) = crate::syntax::user::parse(user) {
            out.push(
                Diagnostic::new(
                    Code::User,
                    format!("service `{name}`: `user = \"{}\"` is not a non-root UID:GID", user.escape_debug()),
                )
                .at(cx.value(&["services", name, "user"]), problem)
                .help("use numbers other than 0, e.g. `user = \"10001:10001\"` (the default); give the image's files to that user rather than running as root"),
            );
        }
    }
}
