//! [`Code::JobsInRoot`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF080`; this file is how.
//!
//! The room is `quotas::jobs_root_room`, the budget the nested layout (`emit::cloudformation::
//! nested`) leaves in the root; `tests/jobs.rs` emits an app at the limit to keep them in step.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::quotas::jobs_root_room;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let room = jobs_root_room(cx.spec.services.len() as u64);
    if cx.spec.jobs.len() as u64 <= room {
        return;
    }
    // The jobs in the order written: the first `room` fit, the next one crosses the budget.
    let mut jobs: Vec<(usize, &str)> = cx
        .spec
        .jobs
        .keys()
        .map(|name| {
            let at = cx
                .key(&["jobs", name])
                .map_or(usize::MAX, |span| span.start);
            (at, name.as_str())
        })
        .collect();
    jobs.sort();
    let Some((_, first_over)) = jobs.get(usize::try_from(room).unwrap_or(usize::MAX)) else {
        return;
    };
    let services = cx.spec.services.len();
    let noun = if services == 1 { "service" } else { "services" };
    out.push(
        Diagnostic::new(
            Code::JobsInRoot,
            format!(
                "{} jobs beside {services} {noun} do not fit in the root stack: it has room for {room}",
                jobs.len()
            ),
        )
        .at(
            cx.key(&["jobs", first_over]),
            "the first job past the root stack's budget",
        )
        .help("move some jobs into a second app (its own spec and stacks; `ecs.cluster` can point it at this app's cluster)"),
    );
}
