//! TF013: `calls` names a service that does not exist.
//!
//! **What it does.** Checks every entry of every service's `calls` against the service names,
//! with a did-you-mean from those names.
//!
//! **Why.** Calls open security-group rules and network policies and wire Service Connect; a
//! typo would leave the caller unable to reach anything, and only at run time.
//!
//! **Example.**
//! ```toml
//! [services.web]
//! calls = ["auht"]      # error: no service `auht`; help: did you mean `auth`?
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::closest;

/// Above this many services, suggestions are skipped: each costs one edit distance per name.
const SUGGEST_UP_TO: usize = 1_000;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let suggest = cx.spec.services.len() <= SUGGEST_UP_TO;
    for (name, service) in cx.services() {
        for (i, callee) in service.calls.iter().flatten().enumerate() {
            if cx.spec.services.contains_key(callee) {
                continue;
            }
            let index = i.to_string();
            let mut d = Diagnostic::new(
                Code::UnknownCall,
                format!(
                    "service `{name}` calls `{}`, which is not a service",
                    callee.escape_debug()
                ),
            )
            .at(
                cx.at(&["services", name, "calls", &index]),
                "unknown service",
            );
            let best = if suggest {
                closest(callee, cx.spec.services.keys().map(String::as_str))
            } else {
                None
            };
            d = match best {
                Some(best) => d.help(format!("did you mean `{best}`?")),
                None => d.help("every name in `calls` must be a `[services.NAME]` of this spec"),
            };
            out.push(d);
        }
    }
}
