//! [`Code::UnknownCall`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF013`; this file is how.

use crate::check::{Context, MAX_SUGGESTIONS};
use crate::diag::{Code, Diagnostic};
use crate::spec::closest;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let mut suggestions = 0;
    for (name, service) in cx.services() {
        for (i, callee) in service.calls.iter().flatten().enumerate() {
            // A service written with the wrong type (TF002) still exists.
            if cx.spec.services.contains_key(callee) || cx.invalid(&["services", callee]) {
                continue;
            }
            let index = i.to_string();
            let mut d = Diagnostic::new(
                Code::UnknownCall,
                format!("service `{name}` calls `{callee}`, which is not a service"),
            )
            .at(
                cx.value(&["services", name, "calls", &index]),
                "no such service",
            );
            suggestions += 1;
            let best = (suggestions <= MAX_SUGGESTIONS)
                .then(|| closest(callee, cx.spec.services.keys().map(String::as_str)))
                .flatten();
            if let Some(best) = best {
                d = d.help(format!("did you mean `{best}`?"));
            }
            out.push(d);
        }
    }
}
