//! TF006: two service names derive the same identifiers.
//!
//! **What it does.** Compares every service's derived CloudFormation logical-ID stem
//! (`names::collision_key`: `-` dropped, compared case-insensitively) and reports the second
//! service of a colliding pair, pointing back at the first.
//!
//! **Why.** `auth-v2` and `authv2` both become `AuthV2…` resources, so one service's resources
//! would silently overwrite the other's.
//!
//! **Example.**
//! ```toml
//! [services.auth-v2]
//! [services.authv2]     # error: derives the same identifiers as `auth-v2`
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};
use crate::names::{collision_key, pascal_case};
use std::collections::BTreeMap;

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // Document order decides which of two names is "the second".
    let mut names: Vec<(Option<usize>, &str)> = cx
        .services()
        .map(|(name, _)| (cx.service_at(name).map(|s| s.start), name))
        .collect();
    names.sort();
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (_, name) in names {
        let key = collision_key(name);
        match seen.get(&key) {
            Some(first) => out.push(
                Diagnostic::new(
                    Code::IdentifierCollision,
                    format!(
                        "services `{first}` and `{name}` derive colliding identifiers (`{}`, `{}`)",
                        pascal_case(first),
                        pascal_case(name)
                    ),
                )
                .at(cx.service_at(name), "collides with an earlier service")
                .also(cx.service_at(first), "first defined here")
                .help("rename one of them so that they differ in more than `-` and letter case"),
            ),
            None => {
                seen.insert(key, name);
            }
        }
    }
}
