//! TF026: an environment overlay names a service that the base spec does not define.
//!
//! **What it does.** Checks every `[environments.ENV.services.NAME]` of every environment (not
//! only the selected one) against the base spec's services, with a did-you-mean.
//!
//! **Why.** Overlays change services; they may not add them, so that every environment deploys
//! the same set of services and a typo in a service name cannot create a new one.
//!
//! **Example.**
//! ```toml
//! [environments.prod.services.auht]   # error: no service `auht`; did you mean `auth`?
//! replicas = 3
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::closest;
use std::collections::BTreeSet;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // With an environment selected, the effective services include any the overlay added;
    // those have no `[services.NAME]` of their own in the text.
    let base: BTreeSet<&str> = cx
        .services()
        .map(|(name, _)| name)
        .filter(|name| cx.located.raw_key(&["services", name]).is_some())
        .collect();
    for (env, overlay) in &cx.spec.environments {
        for name in overlay.services.keys() {
            if base.contains(name.as_str()) {
                continue;
            }
            let mut d = Diagnostic::new(
                Code::OverlayAddsService,
                format!(
                    "environment `{env}` names service `{}`, which the base spec does not define",
                    name.escape_debug()
                ),
            )
            .at(
                cx.located.raw_key(&["environments", env, "services", name]),
                "not a service of the base spec",
            );
            d = match closest(name, base.iter().copied()) {
                Some(best) => d.help(format!("did you mean `{best}`?")),
                None => d.help(format!("an overlay may change services, not add them: define `[services.{name}]` in the base spec")),
            };
            out.push(d);
        }
    }
}
