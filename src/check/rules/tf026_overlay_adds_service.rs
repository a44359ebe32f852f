//! TF026: an environment overlay may change services but not add them. Every overlay is checked,
//! whichever `--env` is selected.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::spec::closest;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let base: Vec<&str> = cx.services().map(|(name, _)| name).collect();
    for (env, overlay) in &cx.spec.environments {
        for name in overlay
            .services
            .keys()
            .filter(|n| !base.contains(&n.as_str()))
        {
            let mut d = Diagnostic::new(Code::OverlayAddsService, format!("environment `{env}` names service `{name}`, which the base spec does not define"))
                .at(cx.located.raw_key(&["environments", env, "services", name]), "not a service of the base spec");
            d = match closest(name, base.iter().copied()) {
                Some(best) => d.help(format!("did you mean `{best}`?")),
                None => d.help(format!(
                    "define `[services.{name}]` in the base spec; overlays only change services"
                )),
            };
            out.push(d);
        }
    }
}
