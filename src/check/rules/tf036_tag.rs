//! [`Code::Tag`]: what it checks and why is the registry's explanation, shown by
//! `twinform explain TF036`; this file is how.

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

/// AWS allows 50 tags per resource; twinform keeps room for the ones it adds (such as `Name`).
pub const MAX_TAGS: usize = 40;

fn allowed(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || "_.:/=+-@".contains(c))
}

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(app) = &cx.spec.app else { return };
    if app.tags.len() > MAX_TAGS {
        out.push(
            Diagnostic::new(
                Code::Tag,
                format!("{} tags; at most {MAX_TAGS}", app.tags.len()),
            )
            .at(cx.key(&["app", "tags"]), "too many tags")
            .help("AWS allows 50 tags per resource and twinform adds its own"),
        );
    }
    for (key, value) in &app.tags {
        let key_problem = if key.is_empty() || key.chars().count() > 128 {
            Some("a tag key has 1 to 128 characters")
        } else if key.to_ascii_lowercase().starts_with("aws:") {
            Some("the `aws:` prefix is reserved for AWS")
        } else if !allowed(key) {
            Some("letters, digits, spaces and `_ . : / = + - @` only")
        } else if key.contains('=') {
            // The controller reads `tags` as `k=v,…` split at the first `=`: such a key would
            // reach the ECS load balancer and silently not the EKS one.
            Some("`=` is allowed by AWS but cannot be carried in the EKS Ingress `tags` annotation")
        } else {
            None
        };
        if let Some(problem) = key_problem {
            out.push(
                Diagnostic::new(Code::Tag, format!("invalid tag key `{}`", key.escape_debug()))
                    .at(cx.key(&["app", "tags", key]), problem)
                    .help("AWS tag keys: 1..=128 characters of letters, digits, spaces and `_ . : / = + - @`"),
            );
        }
        let value_problem = if value.chars().count() > 256 {
            Some("a tag value has at most 256 characters")
        } else if !allowed(value) {
            Some("letters, digits, spaces and `_ . : / = + - @` only")
        } else {
            None
        };
        if let Some(problem) = value_problem {
            out.push(
                Diagnostic::new(Code::Tag, format!("invalid value for tag `{}`", key.escape_debug()))
                    .at(cx.value(&["app", "tags", key]), problem)
                    .help("AWS tag values: up to 256 characters of letters, digits, spaces and `_ . : / = + - @`"),
            );
        }
    }
}
