//! TF003: a required key is missing.
//!
//! **What it does.** Reports a missing `app.name`, and a missing `image` or `port` in every
//! service, at the table that should contain the key.
//!
//! **Why.** There is no sensible default for them: the app name prefixes every AWS name, and a
//! service without an image or a port cannot run or be reached.
//!
//! **Example.**
//! ```toml
//! [services.api]        # error: service `api` has no `image`
//! port = 8080
//! ```

use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.spec.app.as_ref().and_then(|a| a.name.as_ref()).is_none() {
        out.push(
            Diagnostic::new(Code::MissingKey, "missing required key `app.name`")
                .at(cx.at(&["app", "name"]), "`name` is required here")
                .help("add `name = \"my-app\"` under `[app]`: it prefixes AWS names and is the default namespace"),
        );
    }
    for (name, service) in cx.services() {
        let missing = [
            (
                "image",
                service.image.is_none(),
                "image = \"public.ecr.aws/acme/app:1.0.0\"",
            ),
            ("port", service.port.is_none(), "port = 8080"),
        ];
        for (key, is_missing, example) in missing {
            if is_missing {
                out.push(
                    Diagnostic::new(Code::MissingKey, format!("service `{name}` has no `{key}`"))
                        .at(
                            cx.at(&["services", name, key]),
                            format!("`{key}` is required"),
                        )
                        .help(format!("add `{example}` under `[services.{name}]`")),
                );
            }
        }
    }
}
