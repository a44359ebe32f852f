//! TF027: an environment overlay changes `app.name`.
//!
//! **What it does.** Compares the `app.name` of every environment overlay (not only the
//! selected one) with the base spec's.
//!
//! **Why.** The app name prefixes every AWS name and is the default namespace; if it changed per
//! environment, the environments would no longer be the same app (and an overlay could
//! silently deploy a second copy).
//!
//! **Example.**
//! ```toml
//! [environments.prod.app]
//! name = "shop-prod"    # error: overlays may not change `app.name`
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let base = base_name(cx);
    for (env, overlay) in &cx.spec.environments {
        let Some(name) = overlay.app.as_ref().and_then(|app| app.0.name.as_deref()) else {
            continue;
        };
        if base.as_deref() == Some(name) {
            continue;
        }
        let message = match &base {
            Some(base) => {
                format!("environment `{env}` changes `app.name` from `{base}` to `{name}`")
            }
            None => format!("environment `{env}` sets `app.name`, which the base spec does not"),
        };
        out.push(
            Diagnostic::new(Code::OverlayChangesAppName, message)
                .at(
                    cx.located.raw_value(&["environments", env, "app", "name"]),
                    "overlays may not change the app name",
                )
                .also(cx.located.raw_value(&["app", "name"]), "the base name")
                .help(
                    "remove `name` from the overlay; the app name is the same in every environment",
                ),
        );
    }
}

/// The base spec's `app.name`. With an environment selected, the effective spec may carry the
/// overlay's name instead, so the base value is read back from its own text.
fn base_name(cx: &Context<'_>) -> Option<String> {
    let span = cx.located.raw_value(&["app", "name"])?;
    let literal = cx.located.text.get(span)?;
    let table: toml::Table = toml::from_str(&format!("name = {literal}")).ok()?;
    table.get("name")?.as_str().map(str::to_owned)
}
