//! [`Code::OverlayChangesAppName`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF027`; this file is how.

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
            None => format!("environment `{env}` sets `app.name`"),
        };
        out.push(
            Diagnostic::new(Code::OverlayChangesAppName, message)
                .at(cx.located.raw_value(&["environments", env, "app", "name"]), "the app name is the same in every environment")
                .help("remove it from the overlay; to deploy an environment side by side, use a separate account or region"),
        );
    }
}

/// The base spec's `app.name`, read back from its own text: with an environment selected, the
/// effective spec carries the overlay's name instead.
fn base_name(cx: &Context<'_>) -> Option<String> {
    let literal = cx
        .located
        .text
        .get(cx.located.raw_value(&["app", "name"])?)?;
    let table: toml::Table = toml::from_str(&format!("name = {literal}")).ok()?;
    table.get("name")?.as_str().map(str::to_owned)
}
