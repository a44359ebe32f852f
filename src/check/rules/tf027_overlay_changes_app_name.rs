//! TF027: an overlay may not set `app.name`, which prefixes every AWS name and is the namespace.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (env, overlay) in &cx.spec.environments {
        if overlay.app.as_ref().is_some_and(|app| app.0.name.is_some()) {
            out.push(
                Diagnostic::new(Code::OverlayChangesAppName, format!("environment `{env}` sets `app.name`"))
                    .at(cx.located.raw_value(&["environments", env, "app", "name"]), "the app name is the same in every environment")
                    .help("remove it from the overlay; to deploy an environment side by side, use a separate account or region"),
            );
        }
    }
}
