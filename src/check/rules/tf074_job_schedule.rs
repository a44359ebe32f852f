//! [`Code::JobSchedule`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF074`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::syntax::schedule::Schedule;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, job) in &cx.spec.jobs {
        if cx.invalid(&["jobs", name, "schedule"]) {
            continue;
        }
        let Some(text) = &job.schedule else {
            out.push(
                Diagnostic::new(Code::JobSchedule, format!("job `{name}` has no `schedule`"))
                    .at(cx.located.raw_key(&["jobs", name]), "needs `schedule`")
                    .help("e.g. `schedule = \"0 3 * * *\"` (daily at 03:00), `\"@hourly\"` or `\"rate(15 minutes)\"`"),
            );
            continue;
        };
        if let Err(e) = Schedule::parse(text) {
            out.push(
                Diagnostic::new(
                    Code::JobSchedule,
                    format!(
                        "job `{name}`: `{}` is not a schedule: {}",
                        text.escape_debug(),
                        e.message
                    ),
                )
                .at(cx.value(&["jobs", name, "schedule"]), e.message.clone())
                .help(e.help),
            );
        }
    }
}
