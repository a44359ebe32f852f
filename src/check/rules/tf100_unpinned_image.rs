//! TF100 (warning): an image without a tag, or tagged `latest`.
//!
//! **What it does.** Looks at the tag and digest TF038 parses; an image with a digest
//! (`@sha256:…`) is pinned whatever its tag.
//!
//! **Why.** A moving tag changes under you: two tasks of one deployment can run different code,
//! and a rollback does not roll back.
//!
//! **Example.**
//! ```toml
//! [services.api]
//! image = "acme/api:latest"   # warning: not pinned
//! ```

use super::tf038_image::parse;
use crate::check::Context;
use crate::diag::{Code, Diagnostic};

pub(super) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, service) in cx.services() {
        let Some(image) = service.image.as_deref() else {
            continue;
        };
        let Ok(reference) = parse(image) else {
            continue;
        };
        if reference.digest.is_some() {
            continue;
        }
        let problem = match reference.tag {
            None => "has no tag, so it means `latest`",
            Some("latest") => "uses the `latest` tag",
            Some(_) => continue,
        };
        out.push(
            Diagnostic::new(Code::UnpinnedImage, format!("service `{name}`: image `{image}` {problem}"))
                .at(cx.at(&["services", name, "image"]), "not pinned")
                .help("pin a version tag (`:1.4.2`) or a digest (`@sha256:…`) so deploys are reproducible"),
        );
    }
}
