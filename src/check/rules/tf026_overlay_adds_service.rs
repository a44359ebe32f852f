//! [`Code::OverlayAddsService`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF026`; this file is how.

use crate::check::{Context, MAX_SUGGESTIONS};
use crate::diag::{Code, Diagnostic};
use crate::spec::closest;
use std::collections::BTreeSet;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let services: BTreeSet<&str> = cx.services().map(|(name, _)| name).collect();
    let jobs: BTreeSet<&str> = cx.spec.jobs.keys().map(String::as_str).collect();
    let mut suggestions = 0;
    for (env, overlay) in &cx.spec.environments {
        let named = overlay
            .services
            .keys()
            .map(|n| ("services", "service", &services, n))
            .chain(overlay.jobs.keys().map(|n| ("jobs", "job", &jobs, n)));
        for (section, kind, base, name) in
            named.filter(|(_, _, base, n)| !base.contains(n.as_str()))
        {
            let mut d = Diagnostic::new(
                Code::OverlayAddsService,
                format!(
                    "environment `{env}` names {kind} `{name}`, which the base spec does not define"
                ),
            )
            .at(
                cx.located.raw_key(&["environments", env, section, name]),
                format!("not a {kind} of the base spec"),
            );
            suggestions += 1;
            let best = (suggestions <= MAX_SUGGESTIONS)
                .then(|| closest(name, base.iter().copied()))
                .flatten();
            d = match best {
                Some(best) => d.help(format!("did you mean `{best}`?")),
                None => d.help(format!(
                    "define `[{section}.{name}]` in the base spec; overlays only change {section}"
                )),
            };
            out.push(d);
        }
    }
}
