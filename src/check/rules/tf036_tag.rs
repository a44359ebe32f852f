//! TF036: an `app.tags` entry AWS would reject.
//!
//! **What it does.** Checks every tag: keys of 1..=128 characters, values of at most 256,
//! both from letters, digits, spaces and `_ . : / = + - @`; keys may not start with `aws:`
//! (reserved). At most 50 tags.
//!
//! **Why.** The tags go on every taggable resource; one bad tag fails every resource's creation.
//!
//! **Example.**
//! ```toml
//! [app]
//! tags = { "aws:team" = "web" }   # error: the `aws:` prefix is reserved
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

const MAX_TAGS: usize = 50;

fn allowed(c: char) -> bool {
    c.is_alphanumeric() || c == ' ' || "_.:/=+-@".contains(c)
}

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(app) = &cx.spec.app else { return };
    if app.tags.len() > MAX_TAGS {
        out.push(
            Diagnostic::new(
                Code::Tag,
                format!(
                    "app.tags has {} tags; AWS allows at most {MAX_TAGS}",
                    app.tags.len()
                ),
            )
            .at(cx.key_at(&["app", "tags"]), "too many tags"),
        );
    }
    for (key, value) in &app.tags {
        let key_at = cx.key_at(&["app", "tags", key]);
        let shown = key.escape_debug();
        let key_problem = if key.is_empty() {
            Some("the key is empty".to_owned())
        } else if key.chars().count() > 128 {
            Some(format!(
                "the key has {} characters; at most 128 are allowed",
                key.chars().count()
            ))
        } else if key.to_ascii_lowercase().starts_with("aws:") {
            Some("the `aws:` prefix is reserved for AWS".to_owned())
        } else {
            key.chars()
                .find(|c| !allowed(*c))
                .map(|c| format!("`{}` is not allowed in a tag key", c.escape_debug()))
        };
        if let Some(problem) = key_problem {
            out.push(
                Diagnostic::new(Code::Tag, format!("tag `{shown}`: {problem}"))
                    .at(key_at, "invalid tag key")
                    .help("tag keys use letters, digits, spaces and `_ . : / = + - @`"),
            );
        }
        let value_problem = if value.chars().count() > 256 {
            Some(format!(
                "the value has {} characters; at most 256 are allowed",
                value.chars().count()
            ))
        } else {
            value
                .chars()
                .find(|c| !allowed(*c))
                .map(|c| format!("`{}` is not allowed in a tag value", c.escape_debug()))
        };
        if let Some(problem) = value_problem {
            out.push(
                Diagnostic::new(Code::Tag, format!("tag `{shown}`: {problem}"))
                    .at(cx.at(&["app", "tags", key]), "invalid tag value")
                    .help("tag values use letters, digits, spaces and `_ . : / = + - @`"),
            );
        }
    }
}
