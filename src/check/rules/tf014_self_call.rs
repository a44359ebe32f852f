//! TF014: a service lists itself in `calls`.
//!
//! **What it does.** Reports a service name that appears in its own `calls`.
//!
//! **Why.** A service reaches itself locally; the entry would add a pointless self-referencing
//! security-group rule and a loop in the diagram, and usually hides a copy-paste slip.
//!
//! **Example.**
//! ```toml
//! [services.api]
//! calls = ["api"]       # error: `api` calls itself
//! ```

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
                            cx.at(&["services", name, "calls", &index]),
                            "this is the service itself",
                        )
                        .help("remove it: a service reaches itself locally"),
                );
            }
        }
    }
}
