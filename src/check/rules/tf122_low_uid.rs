//! [`Code::LowUid`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF122`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::syntax::user::{User, parse};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let users = cx
        .services()
        .map(|(name, s)| ("service", "services", "Deployment", name, s.user.as_deref()))
        .chain(
            cx.jobs()
                .map(|(name, j)| ("job", "jobs", "CronJob", name, j.user.as_deref())),
        );
    for (kind, section, workload, name, user) in users {
        let Some(Ok(user)) = user.map(parse) else {
            continue;
        };
        if user.uid >= User::HIGH_UID && user.gid >= User::HIGH_UID {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::LowUid,
                format!(
                    "{kind} `{name}`: user {}:{} is below 10000; checkov's CKV_K8S_40 will flag its {workload}",
                    user.uid, user.gid
                ),
            )
            .at(cx.value(&[section, name, "user"]), "a low UID or GID")
            .help(format!("keep it if the image owns its files under this user, and accept CKV_K8S_40 for this {workload} in your policy tool")),
        );
    }
}
