//! [`Code::PriorityRange`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF069`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::routes::MIN_RANGE;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(range) = cx
        .spec
        .ingress
        .as_ref()
        .and_then(|i| i.priority_range.as_deref())
    else {
        return;
    };
    let problem = match range {
        [first, last] if *first < 1 || *last > 50_000 => {
            Some("listener-rule priorities are 1..=50000".to_owned())
        }
        [first, last] if last - first + 1 < i64::from(MIN_RANGE) => Some(format!(
            "{} numbers; at least {MIN_RANGE} (one band per route depth)",
            (last - first + 1).max(0)
        )),
        [_, _] => None,
        _ => Some(format!("{} values; `[first, last]` has 2", range.len())),
    };
    if let Some(problem) = problem {
        out.push(
            Diagnostic::new(Code::PriorityRange, "invalid `ingress.priority_range`")
                .at(cx.value(&["ingress", "priority_range"]), problem)
                .help("give the slice of the shared listener reserved for this app, e.g. `[2000, 2999]`"),
        );
    }
}
