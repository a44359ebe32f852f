//! [`Code::JobName`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF076`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::syntax::is_dns1123_label;

/// A CronJob's name limit: the Job controller appends 11 characters (`-` and a minute count)
/// to name the Jobs it creates, and those are at most 63.
pub const CRONJOB_NAME_MAX: usize = 52;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for name in cx.spec.jobs.keys() {
        let at = cx.located.raw_key(&["jobs", name]);
        if !is_dns1123_label(name, CRONJOB_NAME_MAX) {
            out.push(
                Diagnostic::new(Code::JobName, format!("job name `{}` is not a DNS-1123 label of at most {CRONJOB_NAME_MAX} characters", name.escape_debug()))
                    .at(at, "invalid job name")
                    .help("lowercase letters, digits and `-`, starting and ending with a letter or digit; the Job controller appends 11 characters to a CronJob's name"),
            );
        } else if cx.spec.services.contains_key(name) {
            out.push(
                Diagnostic::new(Code::JobName, format!("job `{name}` has the name of a service"))
                    .at(at, "also a service name")
                    .also(cx.service_key(name), "the service")
                    .help("rename the job: its ServiceAccount, Secret and AWS resources would clash with the service's"),
            );
        }
    }
}
