//! [`Code::SelfCall`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF014`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        for (i, callee) in service.calls.iter().flatten().enumerate() {
            if callee == name {
                let index = i.to_string();
                out.push(
                    Diagnostic::new(Code::SelfCall, format!("service `{name}` calls itself"))
                        .at(
                            cx.value(&["services", name, "calls", &index]),
                            "this is the service itself",
                        )
                        .help("remove it: a service reaches itself locally"),
                );
            }
        }
    }
}
