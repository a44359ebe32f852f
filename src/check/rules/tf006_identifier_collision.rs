//! TF006: two service names whose derived CloudFormation logical IDs collide (`auth-v2` and
//! `authv2` both give `AuthV2`/`Authv2`, compared case-insensitively).

use crate::check::Context;
use crate::check::syntax::is_dns1035_label;
use crate::diag::{Code, Diagnostic};
use crate::names::{collision_key, pascal_case};
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
    for names in by_key.values().filter(|names| names.len() > 1) {
        let mut names = names.clone();
        names.sort_by_key(|n| cx.service_key(n).map_or(usize::MAX, |s| s.start));
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
                .at(cx.service_key(name), "collides")
                .also(
                    cx.service_key(first),
                    format!("`{}` is derived from this name", pascal_case(first)),
                )
                .help("rename one of them so they differ in more than `-`"),
            );
        }
    }
}
