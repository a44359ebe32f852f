//! [`Code::OverlayAddsService`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF026`; this file is how.

use crate::check::{Context, MAX_SUGGESTIONS};
use crate::diag::{Code, Diagnostic};
use crate::spec::closest;
use std::collections::BTreeSet;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let base: BTreeSet<&str> = cx.services().map(|(name, _)| name).collect();
    let mut suggestions = 0;
    for (env, overlay) in &cx.spec.environments {
        for name in overlay
            .services
            .keys()
            .filter(|n| !base.contains(&n.as_str()))
        {
            let mut d = Diagnostic::new(Code::OverlayAddsService, format!("environment `{env}` names service `{name}`, which the base spec does not define"))
                .at(cx.located.raw_key(&["environments", env, "services", name]), "not a service of the base spec");
            suggestions += 1;
            let best = (suggestions <= MAX_SUGGESTIONS)
                .then(|| closest(name, base.iter().copied()))
                .flatten();
            d = match best {
                Some(best) => d.help(format!("did you mean `{best}`?")),
                None => d.help(format!(
                    "define `[services.{name}]` in the base spec; overlays only change services"
                )),
            };
            out.push(d);
        }
    }
}
