//! [`Code::LowUid`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF122`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::syntax::user::{User, parse};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(Ok(user)) = service.user.as_deref().map(parse) else {
            continue;
        };
        if user.uid >= User::HIGH_UID && user.gid >= User::HIGH_UID {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::LowUid,
                format!(
                    "service `{name}`: user {}:{} is below 10000; checkov's CKV_K8S_40 will flag its Deployment",
                    user.uid, user.gid
                ),
            )
            .at(cx.value(&["services", name, "user"]), "a low UID or GID")
            .help("keep it if the image owns its files under this user, and accept CKV_K8S_40 for this Deployment in your policy tool"),
        );
    }
}
