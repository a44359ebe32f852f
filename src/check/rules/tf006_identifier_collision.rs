//! [`Code::IdentifierCollision`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF006`; this file is how.
//!
//! Logical IDs are compared case-insensitively.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::names::{ServiceResource, app_resource_ids, collision_key, pascal_case};
use crate::syntax::is_dns1035_label;
use std::collections::BTreeMap;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // Invalid names are TF005's; comparing them too would report one typo twice.
    let mut by_key: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (name, _) in cx
        .services()
        .filter(|(n, _)| is_dns1035_label(n, super::tf005_service_name::MAX_LEN))
    {
        by_key.entry(collision_key(name)).or_default().push(name);
    }
    // Jobs share the services' logical-ID space (`{Stem}{Kind}`); a job named as a service is
    // TF076's.
    for name in cx
        .spec
        .jobs
        .keys()
        .filter(|n| !cx.spec.services.contains_key(*n))
    {
        by_key.entry(collision_key(name)).or_default().push(name);
    }
    let span = |name: &str| {
        cx.service_key(name)
            .or_else(|| cx.located.raw_key(&["jobs", name]))
    };
    app_level_collisions(cx, out);
    for names in by_key.values().filter(|names| names.len() > 1) {
        let mut names = names.clone();
        names.sort_by_key(|n| span(n).map_or(usize::MAX, |s| s.start));
        let first = names[0];
        for name in &names[1..] {
            out.push(
                Diagnostic::new(
                    Code::IdentifierCollision,
                    format!(
                        "services `{first}` and `{name}` derive colliding identifiers `{}` and `{}`",
                        pascal_case(first),
                        pascal_case(name)
                    ),
                )
                .at(span(name), "collides")
                .also(
                    span(first),
                    format!("`{}` is derived from this name", pascal_case(first)),
                )
                .help("rename one of them so they differ in more than `-`"),
            );
        }
    }
}

fn app_level_collisions(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(app) = cx.spec.app.as_ref().and_then(|a| a.name.as_deref()) else {
        return;
    };
    let app_ids: std::collections::BTreeSet<String> =
        app_resource_ids(&pascal_case(app)).into_iter().collect();
    for (name, _) in cx
        .services()
        .filter(|(n, _)| is_dns1035_label(n, super::tf005_service_name::MAX_LEN))
    {
        let stem = pascal_case(name);
        let taken = ServiceResource::ALL
            .iter()
            .map(|kind| format!("{stem}{}", kind.suffix()))
            .find(|id| app_ids.contains(id));
        if let Some(id) = taken {
            out.push(
                Diagnostic::new(
                    Code::IdentifierCollision,
                    format!("service `{name}` would derive the logical ID `{id}`, which an app-level resource of `{app}` uses"),
                )
                .at(cx.service_key(name), "collides")
                .help("rename the service (its resources are named `<Service><Kind>`, the app's `<App><Kind>`)"),
            );
        }
    }
}
